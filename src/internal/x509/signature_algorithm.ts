// How a signature is computed, shared by the backend-neutral signature.ts and signature_node.ts.
import type { CHash } from '@noble/hashes/utils.js';

/** How a signature is computed, independent of how TLS or X.509 name it. */
export type SignatureAlgorithm =
  | { type: 'ecdsa'; hash: CHash } // the signature is DER: Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
  | { type: 'ed25519' } // the message is signed as is (PureEdDSA, RFC 8032 §5.1)
  | { type: 'rsa-pss'; hash: CHash; saltLength: number } // MGF1 with the same hash
  | { type: 'rsa-pkcs1'; hash: CHash };
