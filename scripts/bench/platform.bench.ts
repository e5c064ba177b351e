// What Node and the public-key crypto cost before QUIC does anything: the floors under two of the targets.
//   - A datagram's trip through node:dgram (one recvmsg, one Buffer and one 'message' event per
//     datagram on the receiver; one sendto per datagram on the sender), measured between two
//     processes on loopback, plus node:crypto's AES-128-GCM open of one packet. Together they bound
//     what a receiver on the node:crypto backend can take even if QUIC itself cost nothing.
//   - The public-key operations of one full handshake (X25519 on both ends, on our ladder; ECDSA
//     P-256 signature by the server and verification by the client, on our p256.ts): one handshake
//     at a time cannot go faster than their sum allows. noble's X25519 and ECDSA are shown for
//     comparison.
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createAEAD } from '../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../src/internal/handshake/cipher_suite.ts';
import { generateKeyShare } from '../../src/internal/handshake/tls/key_share.ts';
import { CurveID } from '../../src/internal/handshake/tls/common.ts';
import { newNobleKeys, signP256, verifyECDSA, verifyOnNoble } from '../../src/internal/handshake/x509/ecdsa.ts';
import { randomBytes } from '../../src/internal/utils/rand.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { RoleProcess, cpuMs, serveRequests, type Reply } from './child.ts';
import { opsPerSecond, type BenchRow, type BenchSection } from './measure.ts';

const self = fileURLToPath(import.meta.url);
const datagramSize = 1350;
const datagrams = 200_000;

export const section: BenchSection = {
  name: 'Platform floors (node:dgram, node:crypto and public-key crypto, before any QUIC work)',
  async run({ durationMs }) {
    const rows: BenchRow[] = [];

    const { receiveUs, sendUs } = await dgramCost();
    const openUs = 1e6 / nodeOpensPerSecond(durationMs);
    rows.push({ name: 'node:dgram receive, CPU per 1350-byte datagram', value: receiveUs, unit: 'µs' });
    rows.push({ name: 'node:dgram send, CPU per datagram', value: sendUs, unit: 'µs' });
    rows.push({ name: 'node:crypto AES-128-GCM open, per packet', value: openUs, unit: 'µs' });
    // A receiver that did nothing but read and open datagrams, on one core.
    rows.push({ name: 'receive + open only, upper bound (for the 600 target)', value: (datagramSize * 8) / (receiveUs + openUs), unit: 'Mbit/s' });

    const ms = (perSecond: number) => 1000 / perSecond;
    const x25519 = ms(opsPerSecond(() => generateKeyShare(CurveID.x25519).sharedSecret(peerShare), durationMs));
    const { signMs, verifyMs, nobleSignMs, nobleVerifyMs } = ecdsaCost(durationMs);
    const nobleKeyPair = () => {
      const secretKey = nobleX25519.utils.randomSecretKey();
      return [nobleX25519.getPublicKey(secretKey), nobleX25519.getSharedSecret(secretKey, peerShare)];
    };
    rows.push({ name: 'X25519 key pair + shared secret, per end', value: x25519, unit: 'ms' });
    rows.push({ name: "  the same with noble's x25519 (for comparison)", value: ms(opsPerSecond(nobleKeyPair, durationMs)), unit: 'ms' });
    rows.push({ name: 'ECDSA P-256 sign (server)', value: signMs, unit: 'ms' });
    rows.push({ name: "  the same with noble's p256 (for comparison)", value: nobleSignMs, unit: 'ms' });
    rows.push({ name: 'ECDSA P-256 verify, key table cached (client)', value: verifyMs, unit: 'ms' });
    rows.push({ name: "  the same with noble's p256 (for comparison)", value: nobleVerifyMs, unit: 'ms' });
    const perHandshake = 2 * x25519 + signMs + verifyMs;
    rows.push({ name: 'public-key crypto per handshake, both ends', value: perHandshake, unit: 'ms' });
    rows.push({ name: 'sequential handshakes, upper bound (for the 150 target)', value: 1000 / perHandshake, unit: '/s' });
    return rows;
  },
};

const peerShare = generateKeyShare(CurveID.x25519).publicKey;

/**
 * ECDSA P-256 over a SHA-256 hash, as in CertificateVerify: hedged signatures (fresh k'), and
 * verification through the client's key cache, on ours and on noble (its table cached the same way).
 */
function ecdsaCost(durationMs: number): { signMs: number; verifyMs: number; nobleSignMs: number; nobleVerifyMs: number } {
  const key = p256.utils.randomSecretKey();
  const publicKey = p256.getPublicKey(key, false);
  const hash = sha256(randomBytes(130));
  const signature = signP256(key, hash, randomBytes(32));
  const ms = (op: () => void) => 1000 / opsPerSecond(op, durationMs);
  const nobleKeys = newNobleKeys(p256, 4);
  const verified = (ok: boolean) => {
    if (!ok) throw new Error('ECDSA verification failed');
  };
  // Tables first, as a long-running process has them: noble's for G (built at its first
  // signature, longer than opsPerSecond's warm-up) and both for the key (after a few uses).
  p256.sign(hash, key, { prehash: false, format: 'der' });
  for (let i = 0; i < 16; i++) {
    verified(verifyECDSA(p256, publicKey, hash, signature));
    verified(verifyOnNoble(p256, publicKey, hash, signature, nobleKeys));
  }
  return {
    signMs: ms(() => signP256(key, hash, randomBytes(32))),
    verifyMs: ms(() => verified(verifyECDSA(p256, publicKey, hash, signature))),
    nobleSignMs: ms(() => p256.sign(hash, key, { prehash: false, format: 'der', extraEntropy: randomBytes(32) })),
    nobleVerifyMs: ms(() => verified(verifyOnNoble(p256, publicKey, hash, signature, nobleKeys))),
  };
}

/** Opens of one 1350-byte 1-RTT packet per second with the node:crypto backend. */
function nodeOpensPerSecond(durationMs: number): number {
  const aead = createAEAD(getCipherSuite(0x1301), new Uint8Array(32).fill(3), Version1, 'node');
  const header = new Uint8Array(11).fill(0x42);
  const sealed = aead.seal(new Uint8Array(datagramSize - header.length - 16), 7, header);
  return opsPerSecond(() => {
    if (!aead.open(sealed, 7, header)) throw new Error('open failed');
  }, durationMs);
}

/**
 * CPU per datagram on each side of a node:dgram blast between two processes. The sender yields to
 * the event loop every 32 datagrams, so that it never outruns the receiver by more than the socket
 * buffer; what the receiver drops anyway is not counted against it.
 */
async function dgramCost(): Promise<{ receiveUs: number; sendUs: number }> {
  const sink = RoleProcess.start(self, ['--role', 'sink']);
  const port = (await sink.request('port')).port!;
  const blaster = RoleProcess.start(self, ['--role', 'blast', '--port', String(port)]);
  try {
    await sink.request('reset');
    const sent = await blaster.request('blast');
    await sleep(300); // let the receiver drain its socket
    const received = await sink.request('count');
    if (received.count! < datagrams / 2) throw new Error(`the receiver got only ${received.count} of ${datagrams} datagrams`);
    return { receiveUs: (received.cpu_ms! * 1000) / received.count!, sendUs: (sent.cpu_ms! * 1000) / datagrams };
  } finally {
    await blaster.end();
    await sink.end();
  }
}

// --- the child processes ---

async function role(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, port: { type: 'string' } } });
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  if (values.role === 'sink') {
    let count = 0;
    let cpuAtReset = 0;
    socket.on('message', () => count++);
    await serveRequests({
      port: async () => ({ port: socket.address().port }),
      async reset(): Promise<Reply> {
        count = 0;
        cpuAtReset = cpuMs();
        return {};
      },
      // CPU time only advances while the process works, so the time spent waiting costs nothing here.
      count: async () => ({ count, cpu_ms: cpuMs() - cpuAtReset }),
    });
  } else {
    const payload = new Uint8Array(datagramSize).fill(0x17);
    const port = Number(values.port);
    await serveRequests({
      async blast(): Promise<Reply> {
        const start = cpuMs();
        for (let i = 0; i < datagrams; i++) {
          socket.send(payload, port, '127.0.0.1');
          if (i % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
        }
        return { cpu_ms: cpuMs() - start };
      },
    });
  }
  socket.close();
}

if (process.argv[1] === self && process.argv.includes('--role')) await role();
