// What Node and the public-key crypto cost before QUIC does anything: the floors under two of the targets.
//   - A datagram's trip through node:dgram (one recvmsg, one Buffer and one 'message' event per
//     datagram on the receiver; one sendto per datagram on the sender), measured between two
//     processes on loopback, plus node:crypto's AES-128-GCM open of one packet. Together they bound
//     what a receiver on the node:crypto backend can take even if QUIC itself cost nothing.
//   - The public-key operations of one full handshake (X25519 on both ends; ECDSA P-256 signature
//     by the server and verification by the client), on each backend (@noble/curves, node:crypto):
//     one handshake at a time cannot go faster than their sum allows.
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAEAD } from '../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../src/internal/handshake/cipher_suite.ts';
import { generateKeyShare } from '../../src/internal/tls/key_share.ts';
import { CurveID } from '../../src/internal/tls/common.ts';
import type { CryptoBackend } from '../../src/internal/crypto/crypto_backend.ts';
import { generatePrivateKey, sign, SignatureScheme, verify } from '../../src/internal/x509/index.ts';
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

    // On a machine too busy for the receiver to keep up, the dgram rows are NaN and the rest still runs.
    const { receiveUs, sendUs } = await dgramCost().catch((err: Error) => (console.error(err.message), { receiveUs: NaN, sendUs: NaN }));
    const openUs = 1e6 / nodeOpensPerSecond(durationMs);
    rows.push({ name: 'node:dgram receive, CPU per 1350-byte datagram', value: receiveUs, unit: 'µs' });
    rows.push({ name: 'node:dgram send, CPU per datagram', value: sendUs, unit: 'µs' });
    rows.push({ name: 'node:crypto AES-128-GCM open, per packet', value: openUs, unit: 'µs' });
    // A receiver that did nothing but read and open datagrams, on one core.
    rows.push({ name: 'receive + open only, upper bound (for the 600 target)', value: (datagramSize * 8) / (receiveUs + openUs), unit: 'Mbit/s' });

    for (const backend of ['noble', 'node'] as const) {
      const { x25519, signMs, verifyMs } = publicKeyCost(backend, durationMs);
      rows.push({ name: `X25519 key pair + shared secret, per end, ${backend}`, value: x25519, unit: 'ms' });
      rows.push({ name: `ECDSA P-256 sign (server), ${backend}`, value: signMs, unit: 'ms' });
      rows.push({ name: `ECDSA P-256 verify (client), ${backend}`, value: verifyMs, unit: 'ms' });
      const perHandshake = 2 * x25519 + signMs + verifyMs;
      rows.push({ name: `public-key crypto per handshake, both ends, ${backend}`, value: perHandshake, unit: 'ms' });
      rows.push({ name: `sequential handshakes, upper bound, ${backend} (for the ${handshakeTargets[backend]} target)`, value: 1000 / perHandshake, unit: '/s' });
    }
    return rows;
  },
};

const handshakeTargets = { noble: 120, node: 300 } as const;

/**
 * The public-key operations of one full handshake on a backend, as the TLS stack calls them: an
 * X25519 key share and its shared secret (each end), a CertificateVerify signature with the
 * server's P-256 key (hedged RFC 6979 on noble) and its verification by the client.
 */
function publicKeyCost(backend: CryptoBackend, durationMs: number): { x25519: number; signMs: number; verifyMs: number } {
  const ms = (op: () => void) => 1000 / opsPerSecond(op, durationMs);
  const peerShare = generateKeyShare(CurveID.x25519, backend).publicKey;
  const key = generatePrivateKey('ecdsa-p256');
  const scheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
  const message = randomBytes(130); // 64 spaces, the context string, a transcript hash
  const signature = sign(key, scheme, message, backend);
  return {
    x25519: ms(() => generateKeyShare(CurveID.x25519, backend).sharedSecret(peerShare)),
    signMs: ms(() => sign(key, scheme, message, backend)),
    verifyMs: ms(() => {
      if (!verify(key.publicKey, scheme, message, signature, backend)) throw new Error('ECDSA verification failed');
    }),
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
