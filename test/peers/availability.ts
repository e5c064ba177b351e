// Which independent peers are installed, and the policy when one is missing: interop tests
// FAIL with an install hint; they are skipped only when QUIC_SKIP_INTEROP=1 is set.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const installHint =
  'apt-get install -y golang-go golang-github-lucas-clemente-quic-go-dev ngtcp2-client ngtcp2-server tshark openssl';

/** Where Debian's golang-github-lucas-clemente-quic-go-dev puts quic-go 0.29 for GOPATH builds. */
export const debianGopath = '/usr/share/gocode';
export const quicGoSource = join(debianGopath, 'src/github.com/lucas-clemente/quic-go');

/** The full path of an executable on PATH (or in the sbin directories, where gtlsserver lives). */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export interface PeerAvailability {
  /** the Go toolchain */
  go: boolean;
  /** quic-go 0.29 sources for GOPATH mode */
  quicGo: boolean;
  gtlsclient: boolean;
  gtlsserver: boolean;
  tshark: boolean;
  /** Wireshark's capture engine, installed with tshark */
  dumpcap: boolean;
  /** makes the PEM files gtlsserver needs */
  openssl: boolean;
}

export function havePeers(): PeerAvailability {
  return {
    go: findExecutable('go') !== null,
    quicGo: existsSync(join(quicGoSource, 'server.go')),
    gtlsclient: findExecutable('gtlsclient') !== null,
    gtlsserver: findExecutable('gtlsserver') !== null,
    tshark: findExecutable('tshark') !== null,
    dumpcap: findExecutable('dumpcap') !== null,
    openssl: findExecutable('openssl') !== null,
  };
}

/** true when the environment asks to skip interop tests (QUIC_SKIP_INTEROP=1). */
export function skipInterop(): boolean {
  return process.env.QUIC_SKIP_INTEROP === '1';
}

/** Throw an Error naming what is missing and how to install it. */
export function requirePeers(...needed: (keyof PeerAvailability)[]): void {
  const have = havePeers();
  const missing = needed.filter((name) => !have[name]);
  if (missing.length > 0) {
    throw new Error(
      `interop peer(s) missing: ${missing.join(', ')}. Install them with: ${installHint}; ` +
        'or set QUIC_SKIP_INTEROP=1 to skip interop tests.',
    );
  }
}
