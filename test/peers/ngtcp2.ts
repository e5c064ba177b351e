// Debian's ngtcp2 example programs (GnuTLS flavour): gtlsserver and gtlsclient. They speak
// HTTP/3, so their ALPN is h3; the server needs a key and a certificate file.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable, requirePeers } from './availability.ts';
import { runPeer, spawnPeer, type PeerProcess, type RunResult } from './process.ts';

const execFileAsync = promisify(execFile);

export interface Ngtcp2Paths {
  client: string | null;
  server: string | null;
}

/** Debian installs gtlsclient in /usr/bin and gtlsserver in /usr/sbin. */
export function ngtcp2Paths(): Ngtcp2Paths {
  return { client: findExecutable('gtlsclient'), server: findExecutable('gtlsserver') };
}

export interface PemPair {
  dir: string;
  certFile: string;
  keyFile: string;
}

/** A self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, made by openssl in a temp dir. */
export async function makeSelfSignedCert(): Promise<PemPair> {
  requirePeers('openssl');
  const dir = mkdtempSync(join(tmpdir(), 'quic-peer-cert-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
  ]);
  return { dir, certFile, keyFile };
}

/** A UDP port that was free a moment ago on 127.0.0.1 (gtlsserver cannot pick one itself). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** true once some socket is bound to this UDP port (Linux /proc/net/udp{,6}). */
function udpPortBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return ['/proc/net/udp', '/proc/net/udp6'].some((table) => {
    try {
      return readFileSync(table, 'utf8')
        .split('\n')
        .some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex));
    } catch {
      return false;
    }
  });
}

async function waitForUdpPort(peer: PeerProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!udpPortBound(port)) {
    if (peer.proc.exitCode !== null || peer.proc.signalCode !== null) {
      throw new Error(`gtlsserver exited: ${peer.stderr().trim().slice(-500)}`);
    }
    if (Date.now() > deadline) throw new Error(`gtlsserver did not bind UDP port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Ngtcp2ServerOptions {
  /** PEM files; default: makeSelfSignedCert() */
  certFile?: string;
  keyFile?: string;
  /** -V: validate addresses with a Retry */
  retry?: boolean;
  /** idle timeout as ngtcp2 writes durations, e.g. '5s' */
  idleTimeout?: string;
  extraArgs?: readonly string[];
  /** SIGKILL after this long */
  lifetimeMs?: number;
  /** the directory to serve (kept); default: an empty temp directory, removed on exit */
  htdocs?: string;
}

export interface Ngtcp2Server {
  port: number;
  addr: string;
  certFile: string;
  keyFile: string;
  peer: PeerProcess;
  stop(): Promise<void>;
}

/** Start gtlsserver on 127.0.0.1 (ALPN h3), serving an empty temp directory removed when it exits. */
export async function startNgtcp2Server(opts: Ngtcp2ServerOptions = {}): Promise<Ngtcp2Server> {
  requirePeers('gtlsserver');
  const generated = opts.certFile && opts.keyFile ? null : await makeSelfSignedCert();
  const pem = generated ?? { certFile: opts.certFile!, keyFile: opts.keyFile! };
  const htdocs = opts.htdocs ?? mkdtempSync(join(tmpdir(), 'quic-peer-htdocs-'));
  const cleanUp = (): void => {
    for (const dir of [opts.htdocs ? undefined : htdocs, generated?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const port = await freeUdpPort();
  const args = [
    ...(opts.extraArgs ?? []),
    '-d', htdocs,
    `--timeout=${opts.idleTimeout ?? '5s'}`,
    ...(opts.retry ? ['-V'] : []),
    '127.0.0.1', String(port), pem.keyFile, pem.certFile,
  ];
  const peer = spawnPeer(ngtcp2Paths().server!, args, { lifetimeMs: opts.lifetimeMs ?? 60_000 });
  void peer.exited.then(cleanUp);
  try {
    await waitForUdpPort(peer, port, 5000);
  } catch (e) {
    await peer.stop('SIGKILL');
    throw e;
  }
  return { port, addr: `127.0.0.1:${port}`, ...pem, peer, stop: async () => void (await peer.stop()) };
}

export interface Ngtcp2ClientOptions {
  port: number;
  host?: string;
  /** an https URI to request over HTTP/3; without one the client idles out after the handshake */
  uri?: string;
  sni?: string;
  /** GnuTLS writes the TLS secrets here (SSLKEYLOGFILE) */
  keylogFile?: string;
  /** idle timeout, ends a client that sent no request; default '1s' */
  idleTimeout?: string;
  extraArgs?: readonly string[];
  timeoutMs?: number;
}

export interface Ngtcp2ClientResult extends RunResult {
  /** gtlsclient exits 0 even when the handshake times out: read these instead */
  handshakeCompleted: boolean;
  alpn: string | null;
  cipher: string | null;
}

/** Run gtlsclient against host:port (ALPN h3); it does not verify the server certificate. */
export async function runNgtcp2Client(opts: Ngtcp2ClientOptions): Promise<Ngtcp2ClientResult> {
  requirePeers('gtlsclient');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const args = [
    ...(opts.extraArgs ?? []),
    `--timeout=${opts.idleTimeout ?? '1s'}`,
    `--handshake-timeout=${Math.max(timeoutMs - 1000, 500)}ms`,
    ...(opts.sni ? [`--sni=${opts.sni}`] : []),
    ...(opts.uri ? ['--exit-on-all-streams-close'] : []),
    opts.host ?? '127.0.0.1', String(opts.port),
    ...(opts.uri ? [opts.uri] : []),
  ];
  const env = opts.keylogFile ? { ...process.env, SSLKEYLOGFILE: opts.keylogFile } : process.env;
  const r = await runPeer(ngtcp2Paths().client!, args, timeoutMs, { env });
  return {
    ...r,
    handshakeCompleted: r.stderr.includes('QUIC handshake has completed'),
    alpn: r.stderr.match(/^Negotiated ALPN is (\S+)$/m)?.[1] ?? null,
    cipher: r.stderr.match(/^Negotiated cipher suite is (\S+)$/m)?.[1] ?? null,
  };
}
