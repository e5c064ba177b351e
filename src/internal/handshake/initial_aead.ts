// Initial packet protection (quic-go internal/handshake/initial_aead.go; RFC 9001 §5.2).
// Initial packets are protected, but not secret: the keys come from the client's first
// Destination Connection ID and a salt fixed by the version, so anyone on the path can derive
// them. They protect against off-path injection and ossification, not against observers.
import { hexToBytes } from '@noble/hashes/utils.js';
import { Perspective, type ConnectionID } from '../protocol/protocol.ts';
import { Version2, type Version } from '../protocol/version.ts';
import { newLongHeaderOpener, newLongHeaderSealer, createAEAD, type LongHeaderOpener, type LongHeaderSealer } from './aead.ts';
import { getCipherSuite } from './cipher_suite.ts';
import { DefaultCryptoBackend, type CryptoBackend } from '../crypto/crypto_backend.ts';
import { newHeaderProtector } from './header_protector.ts';
import { hkdfExpandLabel, hkdfExtract, noContext, sha256 } from './hkdf.ts';
import { TLS_AES_128_GCM_SHA256 } from '../tls/cipher_suites.ts';

/** initial_salt of RFC 9001 §5.2. */
const quicSaltV1 = hexToBytes('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
/** initial_salt of RFC 9369 §3.3.1. */
const quicSaltV2 = hexToBytes('0dede3def700a6db819381be6e269dcbf9bd2ed9');

function getSalt(v: Version): Uint8Array {
  return v === Version2 ? quicSaltV2 : quicSaltV1;
}

/** Initial packets always use AEAD_AES_128_GCM and SHA-256 (RFC 9001 §5.2). */
const initialSuite = getCipherSuite(TLS_AES_128_GCM_SHA256);

/**
 * initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id)
 * client_initial_secret = HKDF-Expand-Label(initial_secret, "client in", "", 32)
 * server_initial_secret = HKDF-Expand-Label(initial_secret, "server in", "", 32)
 */
export function computeSecrets(connID: ConnectionID, v: Version): { clientSecret: Uint8Array; serverSecret: Uint8Array } {
  const initialSecret = hkdfExtract(sha256, getSalt(v), connID);
  return {
    clientSecret: hkdfExpandLabel(sha256, initialSecret, 'client in', noContext, sha256.outputLen),
    serverSecret: hkdfExpandLabel(sha256, initialSecret, 'server in', noContext, sha256.outputLen),
  };
}

/**
 * The Initial sealer and opener of one endpoint: it seals with its own secret and opens with the
 * peer's. `connID` is the Destination Connection ID of the client's first Initial packet.
 */
export function newInitialAEAD(
  connID: ConnectionID,
  pers: Perspective,
  v: Version,
  backend: CryptoBackend = DefaultCryptoBackend,
): [LongHeaderSealer, LongHeaderOpener] {
  const { clientSecret, serverSecret } = computeSecrets(connID, v);
  const [mySecret, otherSecret] = pers === Perspective.Client ? [clientSecret, serverSecret] : [serverSecret, clientSecret];
  return [
    newLongHeaderSealer(createAEAD(initialSuite, mySecret, v, backend), newHeaderProtector(initialSuite, mySecret, v, backend)),
    newLongHeaderOpener(createAEAD(initialSuite, otherSecret, v, backend), newHeaderProtector(initialSuite, otherSecret, v, backend)),
  ];
}
