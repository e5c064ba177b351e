// Key updates (RFC 9001 §6) between two UpdatableAEADs, a client and a server.
import { describe, expect, it } from 'vitest';
import { createAEAD, ErrDecryptionFailed, ErrKeysDropped } from '../../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../../src/internal/handshake/cipher_suite.ts';
import { hkdfExpandLabel, sha256 } from '../../../src/internal/handshake/hkdf.ts';
import { hkdfLabelKeyUpdate, updatableAEAD, type KeyUpdateIntervals } from '../../../src/internal/handshake/updatable_aead.ts';
import { Version1 } from '../../../src/internal/protocol/version.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';
import type { KeyPhaseBit } from '../../../src/internal/wire/short_header.ts';

const suite = getCipherSuite(0x1301);
const clientSecret = new Uint8Array(32).fill(0xc1);
const serverSecret = new Uint8Array(32).fill(0x5e);
const payload = Uint8Array.of(1, 2, 3, 4, 5);

function newPair(intervals: KeyUpdateIntervals = { first: 3, subsequent: 5 }) {
  const rtt = new RTTStats(); // no RTT sample: the PTO is the initial one (rtt_stats.ts)
  const client = new updatableAEAD(rtt, Version1, 'noble', intervals);
  client.setReadKey(suite, serverSecret);
  client.setWriteKey(suite, clientSecret);
  const server = new updatableAEAD(rtt, Version1, 'noble', intervals);
  server.setWriteKey(suite, serverSecret);
  server.setReadKey(suite, clientSecret);
  return { client, server, rtt };
}

/** A sealed 1-RTT packet: the header (associated data) carries the Key Phase bit. */
interface Packet {
  pn: number;
  kp: KeyPhaseBit;
  hdr: Uint8Array;
  ct: Uint8Array;
}

function seal(from: updatableAEAD, pn: number): Packet {
  const kp = from.keyPhase();
  const hdr = Uint8Array.of(0x40 | (kp << 2) | 0x01, pn >> 8, pn & 0xff);
  return { pn, kp, hdr, ct: from.seal(payload, pn, hdr) };
}

function open(to: updatableAEAD, p: Packet, now = 0): Uint8Array {
  return to.open(p.ct, now, p.pn, p.kp, p.hdr);
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

/** secret_<n+1> = HKDF-Expand-Label(secret_<n>, "quic ku", "", 32), applied `n` times. */
function secretAfter(secret: Uint8Array, n: number): Uint8Array {
  for (let i = 0; i < n; i++) secret = hkdfExpandLabel(sha256, secret, hkdfLabelKeyUpdate(Version1), new Uint8Array(0), 32);
  return secret;
}

describe('updatableAEAD', () => {
  it('protects packets in both directions with the first key phase', () => {
    const { client, server } = newPair();
    for (let pn = 0; pn < 10; pn++) {
      expect(open(server, seal(client, pn))).toEqual(payload);
      expect(open(client, seal(server, pn))).toEqual(payload);
    }
  });

  it('does not update keys before the handshake is confirmed', () => {
    const { client, server } = newPair({ first: 1, subsequent: 1 });
    for (let pn = 0; pn < 20; pn++) open(server, seal(client, pn));
    expect(client.keyPhase()).toBe(0);
  });

  it('initiates the first update after the first interval; the peer follows; the next waits for an acknowledgment', () => {
    const { client, server } = newPair();
    client.setHandshakeConfirmed();
    server.setHandshakeConfirmed();
    for (let pn = 0; pn < 3; pn++) open(server, seal(client, pn));
    const first = seal(client, 3); // 3 packets sent in phase 0: the client moves to phase 1
    expect(first.kp).toBe(1);
    expect(open(server, first)).toEqual(payload); // the server follows
    expect(server.keyPhase()).toBe(1);
    expect(open(client, seal(server, 0))).toEqual(payload);

    // 5 more packets (the subsequent interval), but no packet of phase 1 acknowledged yet: no update.
    for (let pn = 4; pn < 12; pn++) open(server, seal(client, pn));
    expect(client.keyPhase()).toBe(1);
    client.setLargestAcked(3); // the server acknowledged the first packet of phase 1
    expect(client.keyPhase()).toBe(0); // phase 2
    const second = seal(client, 12);
    expect(open(server, second)).toEqual(payload);
    expect(server.keyPhase()).toBe(0);
  });

  it('follows the key schedule of RFC 9001 §6.1: phase n uses secret_n', () => {
    const { client, server } = newPair({ first: 1, subsequent: 1 });
    client.setHandshakeConfirmed();
    server.setHandshakeConfirmed();
    open(server, seal(client, 0));
    const p = seal(client, 1); // phase 1
    open(client, seal(server, 0));
    const phase1 = createAEAD(suite, secretAfter(clientSecret, 1), Version1, 'noble');
    expect(phase1.open(p.ct, p.pn, p.hdr)).toEqual(payload);
  });

  it('opens late packets of the previous phase until 3 PTOs after the update, then reports the keys dropped', () => {
    const { client, server, rtt } = newPair();
    const threePTOs = 3 * rtt.pto(true);
    client.setHandshakeConfirmed();
    server.setHandshakeConfirmed();
    open(server, seal(client, 0));
    open(server, seal(client, 1));
    const late = seal(client, 2); // phase 0, delivered after the update
    const update = seal(client, 3);
    expect(update.kp).toBe(1);
    open(server, update, 1000); // the server rolls its keys at t = 1000 ms
    expect(open(server, late, 1000 + threePTOs)).toEqual(payload);
    expect(thrownBy(() => open(server, late, 1000 + threePTOs + 1))).toBe(ErrKeysDropped);
  });

  it('closes with KEY_UPDATE_ERROR if the peer updates again before we sent a packet in the current phase', () => {
    const { client, server } = newPair();
    client.setHandshakeConfirmed();
    server.setHandshakeConfirmed();
    for (let pn = 0; pn < 3; pn++) open(server, seal(client, pn));
    open(server, seal(client, 3)); // the server moves to phase 1 and sends nothing
    // A packet protected with phase 2 keys, as only a misbehaving client would send it.
    const phase2 = createAEAD(suite, secretAfter(clientSecret, 2), Version1, 'noble');
    const hdr = Uint8Array.of(0x41, 0, 4);
    const err = thrownBy(() => server.open(phase2.seal(payload, 4, hdr), 0, 4, 0, hdr));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(TransportErrorCode.KeyUpdateError);
  });

  it('closes with KEY_UPDATE_ERROR if the peer acknowledges our new phase without having updated', () => {
    const { client } = newPair();
    client.setHandshakeConfirmed();
    for (let pn = 0; pn < 3; pn++) seal(client, pn);
    expect(seal(client, 3).kp).toBe(1);
    const err = thrownBy(() => client.setLargestAcked(3));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(TransportErrorCode.KeyUpdateError);
  });

  it('fails on a tampered packet with ErrDecryptionFailed, in the current and in the next phase', () => {
    const { client, server } = newPair();
    const p = seal(client, 0);
    p.ct[0] ^= 1;
    expect(thrownBy(() => open(server, p))).toBe(ErrDecryptionFailed);
    const q = seal(client, 1);
    expect(thrownBy(() => server.open(q.ct, 0, q.pn, 1, q.hdr))).toBe(ErrDecryptionFailed); // wrong phase bit
    expect(server.keyPhase()).toBe(0); // a forged phase bit does not roll the keys
    expect(open(server, seal(client, 2))).toEqual(payload);
  });

  it('decodes packet numbers relative to the highest opened one', () => {
    const { client, server } = newPair();
    open(server, seal(client, 0x1234));
    expect(server.decodePacketNumber(0x40, 1)).toBe(0x1240);
    expect(server.decodePacketNumber(0x30, 1)).toBe(0x1230);
  });
});
