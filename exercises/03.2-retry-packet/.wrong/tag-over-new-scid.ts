// The integrity tag keyed by the Retry's own SCID instead of the original DCID.
import { getRetryIntegrityTag } from '../../../src/internal/handshake/retry.ts';
import { composeRetryPacket } from '../../../src/internal/wire/extended_header.ts';
import type { baseServer, rejectedPacket } from '../../../src/server.ts';

export function sendRetry(this: baseServer, { packet: p, hdr }: rejectedPacket): void {
  const srcConnID = this.connIDGenerator.generateConnectionID();
  const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, srcConnID);
  const retry = composeRetryPacket(hdr.version, hdr.srcConnectionID, srcConnID, token, (packet) => getRetryIntegrityTag(packet, srcConnID, hdr.version));
  this.conn.writePacket(retry, p.remoteAddr);
}
