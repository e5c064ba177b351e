import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existingDir, existingFile, parseAddr, parseALPN, parseByteCount, parseDuration, parsePositive } from '../../src/cmd/flags.ts';

describe('parseDuration (Go time.ParseDuration units)', () => {
  it.each([
    ['500ms', 500],
    ['20s', 20_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1500us', 1.5],
    ['2000000ns', 2],
    ['0', 0],
    ['0s', 0],
  ])('%s is %d ms', (s, ms) => {
    expect(parseDuration(s)).toBeCloseTo(ms, 9);
  });

  it.each(['', '5', 's', '-1s', '+1s', '5x', '1s2', '1 s', '.s', 'ms'])('refuses %j', (s) => {
    expect(() => parseDuration(s)).toThrow(/invalid duration/);
  });
});

describe('other flag values', () => {
  it('reads byte counts as plain decimal integers', () => {
    expect(parseByteCount('1073741824', 'max-upload')).toBe(1 << 30);
    expect(() => parseByteCount('1G', 'max-upload')).toThrow(/--max-upload/);
    expect(() => parseByteCount('-1', 'max-upload')).toThrow();
  });

  it('reads positive numbers', () => {
    expect(parsePositive('2.5', 'mib')).toBe(2.5);
    expect(() => parsePositive('0', 'mib')).toThrow(/--mib/);
    expect(() => parsePositive('ten', 'mib')).toThrow();
  });

  it('splits ALPN lists', () => {
    expect(parseALPN('HLD')).toEqual(['HLD']);
    expect(parseALPN('HLD,h3')).toEqual(['HLD', 'h3']);
    expect(() => parseALPN(',')).toThrow();
  });
});

describe('parseAddr', () => {
  it.each(['127.0.0.1:9000', '[::1]:443', 'localhost:0', ':9000'])('%s is an address', (a) => {
    expect(parseAddr(a, 'addr')).toBe(a);
  });

  it.each([
    ['nonsense', '--addr: "nonsense" is not HOST:PORT (e.g. 127.0.0.1:9000)'],
    ['127.0.0.1', '--addr: "127.0.0.1" is not HOST:PORT (e.g. 127.0.0.1:9000)'],
    ['127.0.0.1:70000', '--addr: "127.0.0.1:70000" is not HOST:PORT (e.g. 127.0.0.1:9000)'],
    ['example.com:443', '--addr: "example.com" is not an IP address or localhost'],
  ])('%s is refused', (a, msg) => {
    expect(() => parseAddr(a, 'addr')).toThrow(msg);
  });
});

describe('existingFile and existingDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hld-flags-'));
  const file = join(dir, 'f.bin');
  writeFileSync(file, 'x');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accept what exists', () => {
    expect(existingFile(file)).toBe(file);
    expect(existingDir(dir, '--out')).toBe(dir);
  });

  it('name what is missing or of the wrong kind', () => {
    expect(() => existingFile(join(dir, 'nope'))).toThrow(`no such file: ${join(dir, 'nope')}`);
    expect(() => existingFile(dir)).toThrow(`not a file: ${dir}`);
    expect(() => existingDir(join(dir, 'nope'), '--out')).toThrow(`--out: no such directory: ${join(dir, 'nope')} (create it first)`);
    expect(() => existingDir(file, '--out')).toThrow(`--out: not a directory: ${file}`);
  });
});
