// A scratch directory for tests that check this module against independent X.509 implementations
// (the openssl command, Go's crypto/x509). Tests that need a tool are skipped where it is absent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function detect(tool: string): boolean {
  try {
    execFileSync(tool, ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export const hasOpenssl = detect('openssl');
export const hasGo = detect('go');

/** A temporary directory, with helpers to run openssl in it and to read and write its files. */
export class ScratchDir {
  readonly path = mkdtempSync(join(tmpdir(), 'x509-test-'));

  openssl(...args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.path, stdio: 'pipe', encoding: 'utf8' });
  }

  read(name: string): string {
    return readFileSync(join(this.path, name), 'utf8');
  }

  readBytes(name: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.path, name)));
  }

  write(name: string, contents: string | Uint8Array): void {
    writeFileSync(join(this.path, name), contents);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
