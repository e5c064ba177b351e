// Runs the openssl command-line tool in a temporary directory, for tests that check this module
// against an independent X.509 implementation. Tests that need it are skipped where it is absent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function detect(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export const hasOpenssl = detect();

/** A scratch directory with helpers to run openssl in it and to read and write its files. */
export class OpensslDir {
  readonly path = mkdtempSync(join(tmpdir(), 'x509-test-'));

  run(...args: string[]): string {
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
