// Exercise 03.2: baseServer.sendRetry (quic-go: server.go sendRetry and sendRetryPacket). See README.md.
import type { baseServer, rejectedPacket } from '../../src/server.ts';

export function sendRetry(this: baseServer, { packet: p, hdr }: rejectedPacket): void {
  // TODO: build a Retry packet (RFC 9000 §17.2.5) with a token (§8.1.2) and its integrity tag
  // (RFC 9001 §5.8), and send it to p.remoteAddr with this.conn.writePacket.
  throw new Error(`sendRetry is not written yet (Initial from port ${p.remoteAddr.port}, version ${hdr.version})`);
}
