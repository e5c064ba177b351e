// A random 4-byte SCID instead of one from the server's connection ID generator.
import { getRetryIntegrityTag } from '../../../src/internal/handshake/retry.ts';
import { composeRetryPacket } from '../../../src/internal/wire/extended_header.ts';
import type { baseServer, rejectedPacket } from '../../../src/server.ts';
import { randomBytes } from 'node:crypto';

export function sendRetry(this: baseServer, { packet: p, hdr }: rejectedPacket): void {
  const srcConnID = randomBytes(4);
  const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, srcConnID);
  const retry = composeRetryPacket(hdr.version, hdr.srcConnectionID, srcConnID, token, (packet) => getRetryIntegrityTag(packet, hdr.destConnectionID, hdr.version));
  this.conn.writePacket(retry, p.remoteAddr);
}
