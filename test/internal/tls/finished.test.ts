// Finished messages, the 1-RTT secrets and the HelloRetryRequest transcript, against RFC 8448 §3
// and RFC 8446 §4.4.1.
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/internal/handshake/hkdf.ts';
import { cipherSuiteTLS13ByID } from '../../../src/internal/tls/cipher_suites.ts';
import { Conn } from '../../../src/internal/tls/conn.ts';
import { applicationSecrets, checkFinished, makeFinished } from '../../../src/internal/tls/finished.ts';
import { EarlySecret } from '../../../src/internal/tls/key_schedule.ts';
import { Transcript } from '../../../src/internal/tls/transcript.ts';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import * as v from './rfc8448_vectors.ts';

const suite = cipherSuiteTLS13ByID(0x1301)!;

function transcriptOf(...messages: Uint8Array[]): Transcript {
  const t = new Transcript(sha256);
  for (const m of messages) t.write(m);
  return t;
}

const serverFlight = [v.clientHello, v.serverHello, v.encryptedExtensions, v.certificate, v.certificateVerify];

describe('Finished (RFC 8448 §3)', () => {
  it("makes the server's Finished message byte for byte", () => {
    const t = transcriptOf(...serverFlight);
    expect(makeFinished(suite, v.secrets.serverHandshakeTraffic, t)).toEqual(v.serverFinished);
    expect(t.sum()).toEqual(v.secrets.serverFinishedHash);
  });

  it("accepts the client's Finished and refuses a changed one with decrypt_error", () => {
    checkFinished(v.clientFinished, suite, v.secrets.clientHandshakeTraffic, transcriptOf(...serverFlight, v.serverFinished), 'client');
    const bad = v.clientFinished.slice();
    bad[10]! ^= 0x80;
    expect(() => checkFinished(bad, suite, v.secrets.clientHandshakeTraffic, transcriptOf(...serverFlight, v.serverFinished), 'client')).toThrow(
      expect.objectContaining({ errorCode: 0x100 + 51 }),
    );
  });

  it('derives the 1-RTT secrets and logs the exporter secret with the client random', () => {
    const lines: string[] = [];
    const conn = new Conn({ nextProtos: [], quicTransportParameters: new Uint8Array(0), keyLogWriter: (l) => lines.push(l) }, false);
    conn.clientRandom = v.clientHello.subarray(6, 38);
    const hs = new EarlySecret(sha256).handshakeSecret(v.secrets.ecdhe);
    const secrets = applicationSecrets(conn, hs, transcriptOf(...serverFlight, v.serverFinished));
    expect(secrets.master.secret).toEqual(v.secrets.master);
    expect(secrets.client).toEqual(v.secrets.clientApplicationTraffic);
    expect(secrets.server).toEqual(v.secrets.serverApplicationTraffic);
    expect(lines).toEqual([`EXPORTER_SECRET ${bytesToHex(conn.clientRandom)} ${bytesToHex(v.secrets.exporterMaster)}`]);
  });
});

describe('HelloRetryRequest transcript (RFC 8446 §4.4.1)', () => {
  it('replaces ClientHello1 by message_hash(254) || 00 00 32 || Hash(ClientHello1)', () => {
    const t = transcriptOf(v.clientHello);
    t.replaceWithMessageHash();
    t.write(v.serverHello);
    const expected = sha256(concatBytes(Uint8Array.of(254, 0, 0, 32), sha256(v.clientHello), v.serverHello));
    expect(t.sum()).toEqual(expected);
  });
});
