// The UDP socket under a Transport (quic-go: sys_conn.go), behind the rawConn seam (packet_conn.ts).
// quic-go reads with a blocking ReadPacket() call in its own goroutine; node:dgram instead pushes
// 'message' events. basicConn turns those events back into a ReadPacket() the listen loop can await,
// so Transport.listen reads like quic-go's loop. The seam's types are re-exported here, where the
// stack's files have always found them.
import type dgram from 'node:dgram';
import type { LookupOneOptions } from 'node:dns';
import { nodeBuiltin } from './internal/utils/node_builtin.ts';
import { isIP } from './internal/x509/ip.ts';
import type { Clock } from './internal/utils/clock.ts';
import { ErrClosed, addrEqual, addrString, type UDPAddr } from './internal/utils/udp_addr.ts';
import { packetSize, receiveQueue, type rawConn, type receivedPacket } from './packet_conn.ts';
import { DesiredReceiveBufferSize, DesiredSendBufferSize } from './internal/protocol/params.ts';

export type { UDPAddr };
export { addrString, addrEqual, ErrClosed, packetSize, type rawConn, type receivedPacket };

/** A rawConn over a node:dgram socket (quic-go's basicConn). */
export class basicConn implements rawConn {
  private readonly queue = new receiveQueue('socket');
  private closed = false;
  /** node:dgram sends asynchronously: datagrams handed to the OS but not yet written. */
  private pendingSends = 0;
  /** Remembered: Go's LocalAddr still answers after Close, node's socket.address() throws. */
  private readonly addr: UDPAddr;
  /** Datagrams written but not yet handed to the socket (see writePacket). */
  private outbox: { data: Uint8Array; addr: UDPAddr }[] = [];
  private readonly flush = () => {
    const datagrams = this.outbox;
    this.outbox = [];
    for (const { data, addr } of datagrams) this.socket.send(data, addr.port, addr.address, this.onSent);
  };
  private readonly onSent = () => {
    if (--this.pendingSends === 0 && this.closed) this.closeSocket();
  };

  constructor(
    private readonly socket: dgram.Socket,
    private readonly clock: Clock,
  ) {
    const a = socket.address();
    this.addr = { address: a.address, port: a.port, family: a.family as UDPAddr['family'] };
    socket.on('message', (msg, rinfo) => {
      if (this.closed) return;
      // node:dgram hands over each datagram whole (up to 64 KiB). quic-go reads into 1452-byte buffers
      // and would truncate a longer one; we take what a connection announced in max_udp_payload_size.
      this.queue.push({
        remoteAddr: { address: rinfo.address, port: rinfo.port, family: rinfo.family as UDPAddr['family'] },
        rcvTime: this.clock.now(),
        data: new Uint8Array(msg.buffer, msg.byteOffset, msg.length),
      });
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    // Like quic-go's setReceiveBuffer/setSendBuffer: ask for 7 MB, take what the OS gives.
    try {
      socket.setRecvBufferSize(DesiredReceiveBufferSize);
      socket.setSendBufferSize(DesiredSendBufferSize);
    } catch {
      // the OS refused a larger buffer; the defaults still work
    }
  }

  readPacket(): Promise<receivedPacket> {
    return this.queue.pop();
  }

  /**
   * Queues a datagram; what a task writes goes out together when it ends (a microtask). Sent one by
   * one as they are packed, the packets of a burst would trickle out and wake the peer once each;
   * left to node:dgram's own deferral (the next tick), they would wait for every promise in the
   * process to settle first.
   */
  writePacket(data: Uint8Array, addr: UDPAddr): void {
    if (this.closed) return;
    this.pendingSends++;
    if (this.outbox.push({ data, addr }) === 1) queueMicrotask(this.flush);
  }

  localAddr(): UDPAddr {
    return this.addr;
  }

  /** Stops reading at once; the socket itself closes once the datagrams already sent are out (a CONNECTION_CLOSE, say). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.close();
    if (this.pendingSends === 0) this.closeSocket();
  }

  private closeSocket(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

/**
 * node:dgram looks up the address of every datagram it sends, and dns.lookup answers even an IP
 * literal on the next tick, so a datagram would leave only once the current task is over. Our
 * addresses are IP literals (resolveUDPAddr), answered here at once: a packet leaves when written.
 */
export function lookupLiteral(host: string, options: number | LookupOneOptions, callback: (err: Error | null, address: string, family: number) => void): void {
  const family = isIP(host);
  if (family === 0) nodeBuiltin('node:dns').lookup(host, typeof options === 'number' ? { family: options } : options, callback);
  else callback(null, host, family);
}

/** Opens a UDP socket on host:port (quic-go's listenUDP, server.go:205-211). */
export async function listenUDP(addr: string, clock: Clock): Promise<basicConn> {
  const { host, port } = splitHostPort(addr);
  const socket = nodeBuiltin('node:dgram').createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: host.includes(':'), lookup: lookupLiteral });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return new basicConn(socket, clock);
}

/** Splits "127.0.0.1:9000" or "[::1]:9000" (Go's net.SplitHostPort). */
export function splitHostPort(addr: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(addr) ?? /^([^:]*):(\d+)$/.exec(addr);
  if (!m) throw new Error(`address ${addr}: missing port in address`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`address ${addr}: invalid port`);
  return { host: m[1] || '0.0.0.0', port };
}

/** Resolves "host:port" to a UDPAddr; "localhost" becomes 127.0.0.1 (loopback only is all we need). */
export function resolveUDPAddr(addr: string): UDPAddr {
  const { host, port } = splitHostPort(addr);
  const address = host === 'localhost' ? '127.0.0.1' : host;
  return { address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' };
}
