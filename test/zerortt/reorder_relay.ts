// A UDP relay on 127.0.0.1 that delivers a client's first datagram (its Initial) after the next
// ones (its 0-RTT packets), so that the server meets 0-RTT packets for a connection it does not
// know yet: quic-go's zeroRTTQueues (server.go:467-510).
import dgram from 'node:dgram';
import { bindLoopback, loopback } from '../e2e/net.ts';

export class ReorderRelay {
  private clientPort = 0;
  private held: Buffer | undefined;
  private seen = 0;
  /** Client datagrams the server got before the held Initial. */
  deliveredBeforeInitial = 0;

  private constructor(
    private readonly front: dgram.Socket,
    private readonly back: dgram.Socket,
    serverPort: number,
    holdFor: number,
  ) {
    const forward = (msg: Buffer) => back.send(msg, serverPort, loopback);
    const release = () => {
      if (!this.held) return;
      forward(this.held);
      this.held = undefined;
    };
    front.on('message', (msg, rinfo) => {
      this.clientPort = rinfo.port;
      if (this.seen++ === 0) {
        this.held = msg;
        setTimeout(release, holdFor);
        return;
      }
      if (this.held) this.deliveredBeforeInitial++;
      forward(msg);
    });
    back.on('message', (msg) => front.send(msg, this.clientPort, loopback));
  }

  /** `holdFor` ms: shorter than the server's 100 ms Max0RTTQueueingDuration, or the queue expires. */
  static async open(serverPort: number, holdFor = 30): Promise<ReorderRelay> {
    return new ReorderRelay(await bindLoopback(), await bindLoopback(), serverPort, holdFor);
  }

  get port(): number {
    return this.front.address().port;
  }

  close(): void {
    this.front.close();
    this.back.close();
  }
}
