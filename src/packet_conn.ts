// The packet connection seam (ARCHITECTURE.md §4): what a Transport needs from its socket, quic-go's
// net.PacketConn, and the datagram it reads, receivedPacket (connection.go:61-71). No Node built-in
// here: sys_conn.ts puts a UDP socket behind the seam, memory_packet_conn.ts an in-memory network.
import { Chan } from './internal/utils/chan.ts';
import { ErrClosed, type UDPAddr } from './internal/utils/udp_addr.ts';

/** One datagram as it came off the socket (connection.go:61-71). */
export interface receivedPacket {
  remoteAddr: UDPAddr;
  /** When it was read, by the transport's clock (ms). Used for RTT, timeouts and 0-RTT expiry. */
  rcvTime: number;
  /** The datagram; re-sliced for coalesced packets. */
  data: Uint8Array;
}

/** The packet's size, receivedPacket.Size (connection.go:73): the size of the whole UDP datagram. */
export function packetSize(p: receivedPacket): number {
  return p.data.length;
}

/** What a Transport needs from its socket. */
export interface rawConn {
  /** Resolves with the next datagram; rejects once the socket is closed. */
  readPacket(): Promise<receivedPacket>;
  writePacket(data: Uint8Array, addr: UDPAddr): void;
  localAddr(): UDPAddr;
  close(): void;
}

/**
 * Datagrams waiting to be read. The kernel's socket buffer plays this role in Go; when it is full
 * the kernel drops, and so do we.
 */
const receiveQueueSize = 4096;

/** A rawConn's receive buffer: datagrams pushed as they arrive, read one at a time by readPacket. */
export class receiveQueue {
  private readonly chan: Chan<receivedPacket>;

  constructor(name: string) {
    this.chan = new Chan<receivedPacket>(receiveQueueSize, name);
  }

  /** Queues a datagram; false when the buffer is full or closed (the datagram is dropped). */
  push(p: receivedPacket): boolean {
    return !this.chan.isClosed && this.chan.trySend(p);
  }

  /** The next datagram; ErrClosed once closed and drained. */
  async pop(): Promise<receivedPacket> {
    const { value, ok } = await this.chan.recv();
    if (!ok) throw new ErrClosed();
    return value!;
  }

  close(): void {
    if (!this.chan.isClosed) this.chan.close();
  }
}
