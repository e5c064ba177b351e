// Installs code-server (VS Code in a browser, with VS Code's JavaScript debugger built in) once,
// outside the repository, for `npm run check:vscode`. Idempotent: a second run only checks the
// binary is there. Never a dependency of the course: it is large and needs native builds.
//
// What the install needs on Debian (root, Node 20):
//  - code-server pinned to the line whose `engines.node` matches the running Node (4.100.x for 20);
//  - `npm_config_unsafe_perm=true`: code-server's postinstall refuses to run as root without it
//    (it reads the variable itself; npm 11 no longer knows the setting);
//  - libkrb5-dev (kerberos builds from source) and ripgrep, whose binary goes into the download
//    cache `@vscode/ripgrep`'s install step looks in, so it never downloads from GitHub;
//  - `npm_config_yes=true` (node-pty's install runs `npx node-gyp`);
//  - npm 11's permission for install scripts: `allowScripts` in each package.json npm installs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server's line for each Node major: newer code-server lines need a newer Node. */
const codeServerFor: Record<string, { version: string; ripgrepTag: string }> = {
  '20': { version: '4.100.3', ripgrepTag: 'v13.0.0-10' },
};

export const installDir = join(homedir(), '.cache', 'quic-course', 'code-server');
export const codeServerBin = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function run(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

/** Names of the packages in a lockfile whose install scripts must run. */
function packagesWithScripts(lockfile: string): string[] {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const names = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

function allowScripts(dir: string, names: string[]): void {
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  pkg.allowScripts = Object.fromEntries(names.map((n) => [n, true]));
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks before it would download. */
function seedRipgrepCache(vscodeDir: string, tag: string): void {
  const lock = JSON.parse(readFileSync(join(vscodeDir, 'npm-shrinkwrap.json'), 'utf8'));
  const version = lock.packages['node_modules/@vscode/ripgrep'].version as string;
  const cache = join(tmpdir(), `vscode-ripgrep-cache-${version}`);
  const asset = join(cache, `ripgrep-${tag}-x86_64-unknown-linux-musl.tar.gz`);
  if (existsSync(asset)) return;
  if (!existsSync('/usr/bin/rg')) throw new Error('ripgrep is missing: apt-get install ripgrep libkrb5-dev');
  mkdirSync(cache, { recursive: true });
  run('tar', ['czf', asset, '-C', '/usr/bin', 'rg'], cache);
}

export function installCodeServer(): string {
  const major = process.versions.node.split('.')[0]!;
  const pin = codeServerFor[major];
  if (!pin) throw new Error(`no code-server pinned for Node ${major}: add one whose engines.node is ${major}`);
  // Written last, so an interrupted install is redone.
  const done = join(installDir, `installed-${pin.version}`);
  if (existsSync(done)) return codeServerBin;
  const vscodeDir = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');

  mkdirSync(installDir, { recursive: true });
  if (!existsSync(join(installDir, 'package.json'))) writeFileSync(join(installDir, 'package.json'), '{ "private": true }\n');
  // Unpack first without scripts, so the nested installs can be prepared, then run them.
  run('npm', ['install', '--ignore-scripts', `code-server@${pin.version}`], installDir);
  allowScripts(installDir, packagesWithScripts(join(installDir, 'package-lock.json')));
  for (const dir of [vscodeDir, join(vscodeDir, 'extensions')])
    allowScripts(dir, packagesWithScripts(join(dir, 'npm-shrinkwrap.json')));
  seedRipgrepCache(vscodeDir, pin.ripgrepTag);
  run('npm', ['rebuild'], installDir);
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return codeServerBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(installCodeServer());
