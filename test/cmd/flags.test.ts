import { describe, expect, it } from 'vitest';
import { parseALPN, parseByteCount, parseDuration, parsePositive } from '../../src/cmd/flags.ts';

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
