// The Retry Integrity Tag (quic-go internal/handshake/retry.go; RFC 9001 §5.8, RFC 9369 §3.3.3).
// A Retry packet carries no encrypted payload; instead it ends in an AEAD_AES_128_GCM tag over a
// pseudo-packet that prepends the Original Destination Connection ID. The key and nonce are
// fixed by the version, so the tag proves nothing about the server — only that the Retry was
// made by someone who saw the client's Initial (it protects against off-path injection).
import { hexToBytes } from '@noble/hashes/utils.js';
import type { ConnectionID } from '../protocol/protocol.ts';
import { Version2, type Version } from '../protocol/version.ts';
import { DefaultCryptoBackend, newAEAD, type CryptoBackend } from '../crypto/crypto_backend.ts';

/** RFC 9001 §5.8. */
const retryKeyV1 = hexToBytes('be0c690b9f66575a1d766b54e368c84e');
const retryNonceV1 = hexToBytes('461599d35d632bf2239825bb');
/** RFC 9369 §3.3.3. */
const retryKeyV2 = hexToBytes('8fb4b01b56ac48e260fbcbcead7ccc92');
const retryNonceV2 = hexToBytes('d86969bc2d7c6d9990efb04a');

/**
 * The 16-byte tag for a Retry packet. `retry` is the packet without its tag. The tag is
 * AES-128-GCM with an empty plaintext over the Retry Pseudo-Packet as associated data:
 *   ODCID Length (8) ‖ Original Destination Connection ID ‖ the Retry packet without the tag.
 */
export function getRetryIntegrityTag(
  retry: Uint8Array,
  origDestConnID: ConnectionID,
  version: Version,
  backend: CryptoBackend = DefaultCryptoBackend,
): Uint8Array {
  const pseudo = new Uint8Array(1 + origDestConnID.length + retry.length);
  pseudo[0] = origDestConnID.length;
  pseudo.set(origDestConnID, 1);
  pseudo.set(retry, 1 + origDestConnID.length);
  // Retries are rare, so the AEAD is built per call rather than kept.
  const [key, nonce] = version === Version2 ? [retryKeyV2, retryNonceV2] : [retryKeyV1, retryNonceV1];
  return newAEAD('aes-gcm', key, backend).seal(nonce, new Uint8Array(0), pseudo);
}
