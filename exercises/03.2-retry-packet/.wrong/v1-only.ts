// Builds every Retry with version 1's constants, whatever version the client speaks.
import { getRetryIntegrityTag } from '../../../src/internal/handshake/retry.ts';
import { composeRetryPacket } from '../../../src/internal/wire/extended_header.ts';
import type { baseServer, rejectedPacket } from '../../../src/server.ts';

export function sendRetry(this: baseServer, { packet: p, hdr }: rejectedPacket): void {
  const srcConnID = this.connIDGenerator.generateConnectionID();
  const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, srcConnID);
  const retry = composeRetryPacket(1, hdr.srcConnectionID, srcConnID, token, (packet) => getRetryIntegrityTag(packet, hdr.destConnectionID, 1));
  this.conn.writePacket(retry, p.remoteAddr);
}
