// Packet protection throughput (RFC 9001 §5): AEAD seal/open of 1350-byte 1-RTT packets for each
// cipher suite on each crypto backend, header protection, and noble's one-shot gcm() for comparison
// with the noble backend's AES-GCM, which keeps the expanded key and GHASH table per key.
// The noble targets are what the download targets (150 and 200 Mbit/s) need from one core.
import { gcm } from '@noble/ciphers/aes.js';
import { createAEAD } from '../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../src/internal/handshake/cipher_suite.ts';
import type { CryptoBackend } from '../../src/internal/crypto/crypto_backend.ts';
import { newHeaderProtector } from '../../src/internal/handshake/header_protector.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { opsPerSecond, type BenchRow, type BenchSection } from './measure.ts';

/** A 1350-byte short-header packet: 1 + 8 (connection ID) + 2 (packet number) header bytes, payload, 16-byte tag. */
const packetSize = 1350;
const header = new Uint8Array(11).fill(0x42);
const payload = new Uint8Array(packetSize - header.length - 16).fill(0x17);
const pn = 123456;

const suites = [
  { id: 0x1301, name: 'AES-128-GCM', nobleTargetMBps: 19 },
  { id: 0x1302, name: 'AES-256-GCM' },
  { id: 0x1303, name: 'ChaCha20-Poly1305', nobleTargetMBps: 25 },
];
const backends: CryptoBackend[] = ['noble', 'node'];

function packetRows(name: string, packetsPerSec: number, targetMBps?: number): BenchRow[] {
  return [
    { name, value: packetsPerSec, unit: 'packets/s' },
    { name, value: (packetsPerSec * packetSize) / 1e6, unit: 'MB/s', target: targetMBps },
  ];
}

export const section: BenchSection = {
  name: 'Packet protection (1350-byte packets)',
  run({ durationMs }) {
    const rows: BenchRow[] = [];
    for (const s of suites) {
      const suite = getCipherSuite(s.id);
      const secret = new Uint8Array(suite.hash.outputLen).fill(7);
      for (const backend of backends) {
        const aead = createAEAD(suite, secret, Version1, backend);
        const sealed = aead.seal(payload, pn, header);
        const target = backend === 'noble' ? s.nobleTargetMBps : undefined;
        rows.push(...packetRows(`${s.name} ${backend} seal`, opsPerSecond(() => aead.seal(payload, pn, header), durationMs), target));
        rows.push(...packetRows(`${s.name} ${backend} open`, opsPerSecond(() => aead.open(sealed, pn, header), durationMs), target));
      }
    }

    // noble's one-shot gcm() expands the key and builds the GHASH table for every message.
    const nonce = new Uint8Array(12).fill(1);
    for (const [name, aead, key] of [['AES-128-GCM noble gcm()', gcm, new Uint8Array(16).fill(7)]] as const) {
      const sealed = aead(key, nonce, header).encrypt(payload);
      rows.push(...packetRows(`${name} per packet, seal`, opsPerSecond(() => aead(key, nonce, header).encrypt(payload), durationMs)));
      rows.push(...packetRows(`${name} per packet, open`, opsPerSecond(() => aead(key, nonce, header).decrypt(sealed), durationMs)));
    }

    for (const s of [suites[0]!, suites[2]!]) {
      const suite = getCipherSuite(s.id);
      for (const backend of backends) {
        const hp = newHeaderProtector(suite, new Uint8Array(32).fill(9), Version1, backend);
        const packet = new Uint8Array(packetSize).fill(0x55);
        packet[0] = 0x41;
        // encryptHeader twice per call leaves the first byte's packet number length unchanged.
        const ops = opsPerSecond(() => {
          hp.encryptHeader(packet, 9);
          hp.encryptHeader(packet, 9);
        }, durationMs);
        rows.push({ name: `header protection ${s.name === 'AES-128-GCM' ? 'AES-ECB' : 'ChaCha20'} ${backend}`, value: 2 * ops, unit: 'ops/s' });
      }
    }
    return rows;
  },
};
