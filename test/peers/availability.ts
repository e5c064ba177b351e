// Which independent peers and tools are installed, and the policy when one is missing:
// - by default the tests that need a missing tool are skipped, and `npm test` says in one line
//   what to install (scripts/ci/missing-tools.ts), so a fresh machine passes the README's commands;
// - QUIC_REQUIRE_INTEROP=1 (set by .ci/run) makes a missing tool a failure, with the same hint;
// - QUIC_SKIP_INTEROP=1 skips the interop tests even where the peers are installed.
// QUIC_HIDE_PEERS=all (or a comma-separated list of the names below) makes installed tools count
// as missing, to see what a machine without them sees.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Debian's golang-github-lucas-clemente-quic-go-dev puts quic-go 0.29 for GOPATH builds. */
export const debianGopath = '/usr/share/gocode';
export const quicGoSource = join(debianGopath, 'src/github.com/lucas-clemente/quic-go');

/** The browser the site test drives (Debian's chromium unless CHROMIUM_PATH names another). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Each tool and the Debian package that installs it. */
const packages = {
  /** the Go toolchain */
  go: 'golang-go',
  /** quic-go 0.29 sources for GOPATH mode */
  quicGo: 'golang-github-lucas-clemente-quic-go-dev',
  gtlsclient: 'ngtcp2-client',
  gtlsserver: 'ngtcp2-server',
  tshark: 'tshark',
  /** Wireshark's capture engine, installed with tshark */
  dumpcap: 'tshark',
  /** makes the PEM files gtlsserver needs */
  openssl: 'openssl',
  /** the site test's browser */
  chromium: 'chromium',
} as const;

export type Tool = keyof typeof packages;
export type PeerAvailability = Record<Tool, boolean>;

/** What the interop tests need (skipInterop); the site test needs chromium only. */
export const interopTools: readonly Tool[] = ['go', 'quicGo', 'gtlsclient', 'gtlsserver', 'tshark', 'dumpcap', 'openssl'];
const allTools = Object.keys(packages) as Tool[];

/** apt-get's command line for these tools (all of them by default). */
export function installCommand(tools: readonly Tool[] = allTools): string {
  return `apt-get install -y ${[...new Set(tools.map((t) => packages[t]))].join(' ')}`;
}

/** The install line for every peer and tool the tests use. */
export const installHint = installCommand();

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

function hidden(tool: Tool): boolean {
  const list = (process.env.QUIC_HIDE_PEERS ?? '').split(',');
  return list.includes('all') || list.includes(tool);
}

export function havePeers(): PeerAvailability {
  const found: PeerAvailability = {
    go: findExecutable('go') !== null,
    quicGo: existsSync(join(quicGoSource, 'server.go')),
    gtlsclient: findExecutable('gtlsclient') !== null,
    gtlsserver: findExecutable('gtlsserver') !== null,
    tshark: findExecutable('tshark') !== null,
    dumpcap: findExecutable('dumpcap') !== null,
    openssl: findExecutable('openssl') !== null,
    chromium: existsSync(chromiumPath),
  };
  for (const tool of allTools) if (hidden(tool)) found[tool] = false;
  return found;
}

/** Which of `needed` are not installed. */
export function missingTools(needed: readonly Tool[] = allTools): Tool[] {
  const have = havePeers();
  return needed.filter((tool) => !have[tool]);
}

/** true when CI asks that every peer be there (QUIC_REQUIRE_INTEROP=1): a missing one fails. */
export function interopRequired(): boolean {
  return process.env.QUIC_REQUIRE_INTEROP === '1';
}

/** true when tests that need `needed` should be skipped: one is missing and CI does not require them. */
export function skipWithout(...needed: Tool[]): boolean {
  return !interopRequired() && missingTools(needed).length > 0;
}

/** true when the interop tests are to be skipped: QUIC_SKIP_INTEROP=1, or a peer is missing (see skipWithout). */
export function skipInterop(): boolean {
  return process.env.QUIC_SKIP_INTEROP === '1' || skipWithout(...interopTools);
}

/** Throw an Error naming what is missing and how to install it. */
export function requirePeers(...needed: Tool[]): void {
  const missing = missingTools(needed);
  if (missing.length > 0) {
    throw new Error(
      `interop peer(s) missing: ${missing.join(', ')}. Install them with: ${installCommand(missing)}; ` +
        'or set QUIC_SKIP_INTEROP=1 to skip interop tests.',
    );
  }
}
