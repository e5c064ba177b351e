// The token seals the original DCID twice and forgets the Retry's SCID.
import { getRetryIntegrityTag } from '../../../src/internal/handshake/retry.ts';
import { composeRetryPacket } from '../../../src/internal/wire/extended_header.ts';
import type { baseServer, rejectedPacket } from '../../../src/server.ts';

export function sendRetry(this: baseServer, { packet: p, hdr }: rejectedPacket): void {
  const srcConnID = this.connIDGenerator.generateConnectionID();
  const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, hdr.destConnectionID);
  const retry = composeRetryPacket(hdr.version, hdr.srcConnectionID, srcConnID, token, (packet) => getRetryIntegrityTag(packet, hdr.destConnectionID, hdr.version));
  this.conn.writePacket(retry, p.remoteAddr);
}
