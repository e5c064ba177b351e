// The key schedule and transcript against RFC 8448 §3 (and the PSK binder of §4).
import { describe, expect, it } from 'vitest';
import { x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '../../../src/internal/handshake/hkdf.ts';
import { EarlySecret, finishedVerifyData, resumptionPSK } from '../../../src/internal/tls/key_schedule.ts';
import { Transcript } from '../../../src/internal/tls/transcript.ts';
import * as v from './rfc8448_vectors.ts';

function transcriptOf(...messages: Uint8Array[]): Transcript {
  const t = new Transcript(sha256);
  for (const m of messages) t.write(m);
  return t;
}

describe('RFC 8448 §3 simple 1-RTT handshake', () => {
  const early = new EarlySecret(sha256);
  const shared = x25519.getSharedSecret(v.serverPrivateKey, v.clientPublicKey);
  const hs = early.handshakeSecret(shared);
  const master = hs.masterSecret();
  const serverFlight = [v.clientHello, v.serverHello, v.encryptedExtensions, v.certificate, v.certificateVerify];

  it('derives the X25519 shared secret from either side', () => {
    expect(x25519.getPublicKey(v.clientPrivateKey)).toEqual(v.clientPublicKey);
    expect(shared).toEqual(v.secrets.ecdhe);
    expect(x25519.getSharedSecret(v.clientPrivateKey, v.serverPublicKey)).toEqual(v.secrets.ecdhe);
  });

  it('derives the early, handshake and master secrets', () => {
    expect(early.secret).toEqual(v.secrets.early);
    expect(hs.secret).toEqual(v.secrets.handshake);
    expect(master.secret).toEqual(v.secrets.master);
  });

  it('hashes the transcript and derives the handshake traffic secrets', () => {
    const th = transcriptOf(v.clientHello, v.serverHello).sum();
    expect(th).toEqual(v.secrets.helloHash);
    expect(hs.clientHandshakeTrafficSecret(th)).toEqual(v.secrets.clientHandshakeTraffic);
    expect(hs.serverHandshakeTrafficSecret(th)).toEqual(v.secrets.serverHandshakeTraffic);
  });

  it('computes the server Finished and the application traffic secrets', () => {
    const t = transcriptOf(...serverFlight);
    const verifyData = finishedVerifyData(sha256, v.secrets.serverHandshakeTraffic, t.sum());
    expect(verifyData).toEqual(v.secrets.serverFinishedVerifyData);
    expect(v.serverFinished.subarray(4)).toEqual(verifyData);
    t.write(v.serverFinished);
    const th = t.sum();
    expect(th).toEqual(v.secrets.serverFinishedHash);
    expect(master.clientApplicationTrafficSecret(th)).toEqual(v.secrets.clientApplicationTraffic);
    expect(master.serverApplicationTrafficSecret(th)).toEqual(v.secrets.serverApplicationTraffic);
    expect(master.exporterMasterSecret(th)).toEqual(v.secrets.exporterMaster);
  });

  it('computes the client Finished and the resumption master secret', () => {
    const t = transcriptOf(...serverFlight, v.serverFinished);
    const verifyData = finishedVerifyData(sha256, v.secrets.clientHandshakeTraffic, t.sum());
    expect(verifyData).toEqual(v.secrets.clientFinishedVerifyData);
    expect(v.clientFinished.subarray(4)).toEqual(verifyData);
    t.write(v.clientFinished);
    expect(t.sum()).toEqual(v.secrets.clientFinishedHash);
    expect(master.resumptionMasterSecret(t.sum())).toEqual(v.secrets.resumptionMaster);
  });

  it('clones a transcript without disturbing it', () => {
    const t = transcriptOf(v.clientHello);
    const c = t.clone();
    c.write(v.serverHello);
    expect(c.sum()).toEqual(v.secrets.helloHash);
    t.write(v.serverHello);
    expect(t.sum()).toEqual(v.secrets.helloHash);
  });
});

describe('RFC 8448 §4 resumption PSK and binder', () => {
  it('derives the PSK from the ticket nonce 00 00', () => {
    expect(resumptionPSK(sha256, v.secrets.resumptionMaster, Uint8Array.of(0, 0))).toEqual(v.resumption.psk);
  });

  it('derives the early secret, binder key and binder', () => {
    const early = new EarlySecret(sha256, v.resumption.psk);
    expect(early.secret).toEqual(v.resumption.earlySecret);
    expect(early.resumptionBinderKey()).toEqual(v.resumption.binderKey);
    // The binder covers the ClientHello up to (not including) the binders list: 2 + 1 + 32 bytes.
    const truncated = v.resumption.clientHello.subarray(0, v.resumption.clientHello.length - 35);
    const binderHash = transcriptOf(truncated).sum();
    expect(binderHash).toEqual(v.resumption.binderHash);
    expect(finishedVerifyData(sha256, early.resumptionBinderKey(), binderHash)).toEqual(v.resumption.binder);
  });
});
