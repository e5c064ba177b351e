// The end of both handshakes (RFC 8446 §4.4.4, §7.1): Finished messages, which bind the whole
// transcript to the handshake traffic secrets, and the 1-RTT secrets derived right after the
// server's Finished. Client and server use the same steps with the roles swapped.
import { equalBytes } from '@noble/ciphers/utils.js';
import { Alert, tlsError } from './alert.ts';
import type { cipherSuiteTLS13 } from './cipher_suites.ts';
import type { Conn } from './conn.ts';
import { marshalFinished, parseFinished } from './handshake_messages.ts';
import { finishedVerifyData, type HandshakeSecret, type MasterSecret } from './key_schedule.ts';
import { keyLogLabelExporter } from './key_log.ts';
import type { Transcript } from './transcript.ts';

/** Our Finished over the transcript so far, which it is then added to. */
export function makeFinished(suite: cipherSuiteTLS13, ourHandshakeTrafficSecret: Uint8Array, transcript: Transcript): Uint8Array {
  const raw = marshalFinished({ verifyData: finishedVerifyData(suite.hash, ourHandshakeTrafficSecret, transcript.sum()) });
  transcript.write(raw);
  return raw;
}

/** Checks the peer's Finished against the transcript so far (decrypt_error if it differs), then adds it. */
export function checkFinished(raw: Uint8Array, suite: cipherSuiteTLS13, peerHandshakeTrafficSecret: Uint8Array, transcript: Transcript, peer: string): void {
  const m = parseFinished(raw);
  const expected = finishedVerifyData(suite.hash, peerHandshakeTrafficSecret, transcript.sum());
  if (!equalBytes(expected, m.verifyData)) throw tlsError(Alert.decryptError, `invalid ${peer} finished hash`);
  transcript.write(raw);
}

/**
 * The master secret and the application traffic secrets over ClientHello…server Finished; the
 * exporter secret goes to the key log only (no exporter API here).
 */
export function applicationSecrets(conn: Conn, handshakeSecret: HandshakeSecret, transcript: Transcript): { master: MasterSecret; client: Uint8Array; server: Uint8Array } {
  const master = handshakeSecret.masterSecret();
  const th = transcript.sum();
  conn.writeKeyLog(keyLogLabelExporter, master.exporterMasterSecret(th));
  return { master, client: master.clientApplicationTrafficSecret(th), server: master.serverApplicationTrafficSecret(th) };
}
