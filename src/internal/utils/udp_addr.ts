// What every layer shares of Go's net package, below sys_conn.ts so that internal/ and the in-memory
// network (memory_packet_conn.ts) need not import it, nor node:dgram with it.
/** A UDP address: what Go calls *net.UDPAddr. */
export interface UDPAddr {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

export function addrString(a: UDPAddr): string {
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

export function addrEqual(a: UDPAddr, b: UDPAddr): boolean {
  return a.port === b.port && a.address === b.address;
}

/** Go's net.ErrClosed: reading from a closed packet connection. */
export class ErrClosed extends Error {
  constructor(what = 'use of closed network connection') {
    super(what);
    this.name = 'ErrClosed';
  }
}
