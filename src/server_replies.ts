// The server's replies to packets it will not make a connection for (quic-go: server.go
// runSendQueue and the send* functions). Each kind has a small bounded queue; when it is full the
// packet is dropped — replies are best effort, and the run loop must never wait (server.go:267-270).
import { Chan, select } from './internal/utils/chan.ts';
import type { PopulatedConfig } from './config.ts';
import type { ConnectionIDGenerator } from './server.ts';
import type { rawConn, receivedPacket } from './sys_conn.ts';
import type { Header } from './internal/wire/header.ts';
import { parseArbitraryLenConnectionIDs } from './internal/wire/header.ts';
import { composeVersionNegotiation } from './internal/wire/version_negotiation.ts';
import { composeRetryPacket } from './internal/wire/extended_header.ts';
import { getRetryIntegrityTag } from './internal/handshake/retry.ts';
import type { TokenGenerator } from './internal/handshake/token_generator.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { composeConnectionCloseInitial, canOpenInitial } from './packet_packer.ts';
import { trace } from './trace.ts';

/** A packet we answer without a connection, with its parsed header. */
export interface rejectedPacket {
  packet: receivedPacket;
  hdr: Header;
}

export type replyQueue = 'invalidTokenQueue' | 'connectionRefusedQueue' | 'retryQueue';

export class serverReplies {
  readonly versionNegotiationQueue = new Chan<receivedPacket>(4, 'versionNegotiationQueue');
  readonly invalidTokenQueue = new Chan<rejectedPacket>(4, 'invalidTokenQueue');
  readonly connectionRefusedQueue = new Chan<rejectedPacket>(4, 'connectionRefusedQueue');
  readonly retryQueue = new Chan<rejectedPacket>(8, 'retryQueue');

  constructor(
    readonly conn: rawConn,
    readonly connIDGenerator: ConnectionIDGenerator,
    readonly tokenGenerator: TokenGenerator,
    private readonly config: PopulatedConfig,
    /** The server's `running`, closed when its run loop returns. */
    private readonly running: Chan<void>,
  ) {}

  enqueueVersionNegotiationPacket(p: receivedPacket): void {
    if (!this.versionNegotiationQueue.trySend(p)) trace('server.run', 'drop: VN queue full');
  }

  enqueue(queue: replyQueue, p: rejectedPacket): void {
    if (!this[queue].trySend(p)) trace('server.run', `drop: ${queue} full`);
  }

  /** The server's writer goroutine (server.go:305-321): it stops once run has returned (server.go:309). */
  async runSendQueue(): Promise<void> {
    const queues = [this.versionNegotiationQueue, this.invalidTokenQueue, this.connectionRefusedQueue, this.retryQueue] as const;
    for (;;) {
      const r = await select([this.running, ...queues]);
      try {
        switch (r.index) {
          case 0:
            return;
          case 1:
            this.sendVersionNegotiationPacket(r.value as receivedPacket);
            break;
          case 2:
            this.maybeSendInvalidToken(r.value as rejectedPacket);
            break;
          case 3:
            this.sendError(r.value as rejectedPacket, TransportErrorCode.ConnectionRefused);
            break;
          case 4:
            this.sendRetry(r.value as rejectedPacket);
            break;
        }
      } catch (err) {
        trace('server.runSendQueue', `reply failed: ${(err as Error).message}`);
      }
    }
  }

  /** RFC 9000 §6.1 / §17.2.1: list our versions, echoing the client's connection IDs swapped. */
  private sendVersionNegotiationPacket(p: receivedPacket): void {
    const { srcConnID, destConnID } = parseArbitraryLenConnectionIDs(p.data);
    this.conn.writePacket(composeVersionNegotiation(srcConnID, destConnID, this.config.versions), p.remoteAddr);
    trace('server.runSendQueue', 'sent Version Negotiation');
  }

  /**
   * RFC 9000 §8.1.2: ask the client to prove its address. The Retry carries a token sealing the
   * original DCID and our new SCID; its integrity tag is keyed by the original DCID (RFC 9001 §5.8).
   */
  sendRetry({ packet: p, hdr }: rejectedPacket): void {
    const srcConnID = this.connIDGenerator.generateConnectionID();
    const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, srcConnID);
    const retry = composeRetryPacket(hdr.version, hdr.srcConnectionID, srcConnID, token, (packet) =>
      getRetryIntegrityTag(packet, hdr.destConnectionID, hdr.version),
    );
    this.conn.writePacket(retry, p.remoteAddr);
    trace('server.runSendQueue', 'sent Retry');
  }

  /** Only answer INVALID_TOKEN if the packet decrypts: never for corrupted packets (server.go:803-833). */
  private maybeSendInvalidToken(rp: rejectedPacket): void {
    if (!canOpenInitial(rp.packet.data, rp.hdr)) return;
    this.sendError(rp, TransportErrorCode.InvalidToken);
  }

  /** An Initial with CONNECTION_CLOSE, sealed with the client's Initial keys (server.go:844-886). */
  private sendError({ packet: p, hdr }: rejectedPacket, code: TransportErrorCode): void {
    this.conn.writePacket(composeConnectionCloseInitial(hdr, code), p.remoteAddr);
    trace('server.runSendQueue', `sent ${TransportErrorCode[code]}`);
  }
}
