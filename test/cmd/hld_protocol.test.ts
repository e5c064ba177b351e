import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BusinessType,
  Refusal,
  checkUploadHeaderLen,
  encodeGoodputRequest,
  encodeText,
  encodeUploadPreamble,
  errLine,
  findPatternMismatch,
  maxUploadHeaderLen,
  parseUploadHeader,
  patternBlock,
  unknownBusinessType,
  validFileName,
} from '../../src/cmd/hld_protocol.ts';

const limit = 1 << 20;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Refusal);
    return (e as Refusal).reason;
  }
  throw new Error('expected a refusal');
}

describe('parseUploadHeader', () => {
  it('splits name|size at the last "|"', () => {
    expect(parseUploadHeader('movie.mp4|1234', limit)).toEqual({ name: 'movie.mp4', size: 1234 });
    expect(parseUploadHeader('a|b|c|7', limit)).toEqual({ name: 'a|b|c', size: 7 });
    expect(parseUploadHeader('empty.bin|0', limit)).toEqual({ name: 'empty.bin', size: 0 });
  });

  it('accepts a size equal to the limit and refuses one over it', () => {
    expect(parseUploadHeader(`x|${limit}`, limit).size).toBe(limit);
    expect(refusal(() => parseUploadHeader(`x|${limit + 1}`, limit))).toBe(`size ${limit + 1} over limit ${limit}`);
  });

  it('refuses a header without "|"', () => {
    expect(refusal(() => parseUploadHeader('no-separator', limit))).toMatch(/no '\|'/);
  });

  it.each(['', '-5', '+5', ' 5', '5 ', '1e3', '0x10', '1.5', '12x', '99999999999999999999'])('refuses the size %j', (size) => {
    expect(refusal(() => parseUploadHeader(`f.bin|${size}`, Number.MAX_SAFE_INTEGER))).toMatch(/^bad size /);
  });

  it.each(['', '.', '..', '../x', 'a/b', '/etc/passwd', 'a\\b', 'a\0b', 'x..y', '..hidden'])('refuses the name %j with "bad file name"', (name) => {
    expect(refusal(() => parseUploadHeader(`${name}|3`, limit))).toContain('bad file name');
  });
});

describe('validFileName', () => {
  it('accepts ordinary names, dots and all', () => {
    for (const n of ['a', 'movie.mp4', '.hidden', 'a.b.c', 'name with spaces', 'ünïcödé', 'pipe|name']) expect(validFileName(n)).toBe(true);
  });

  it('refuses any name holding "/", "\\", NUL or ".."', () => {
    const bad = fc.constantFrom('/', '\\', '\0', '..');
    fc.assert(fc.property(fc.string(), bad, fc.string(), (a, b, c) => !validFileName(a + b + c)));
  });
});

describe('header length', () => {
  it('takes 1 to 4096', () => {
    expect(() => checkUploadHeaderLen(1)).not.toThrow();
    expect(() => checkUploadHeaderLen(maxUploadHeaderLen)).not.toThrow();
    expect(refusal(() => checkUploadHeaderLen(0))).toBe('bad header length 0');
    expect(refusal(() => checkUploadHeaderLen(4097))).toBe('bad header length 4097');
  });
});

describe('framing', () => {
  it('encodes an upload preamble as 0x05, u32 BE length, header', () => {
    expect([...encodeUploadPreamble('ab|2')]).toEqual([0x05, 0, 0, 0, 4, 0x61, 0x62, 0x7c, 0x32]);
  });

  it('encodes a goodput request as 0x06, u64 BE count', () => {
    expect([...encodeGoodputRequest(0x0102030405)]).toEqual([0x06, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05]);
  });

  it('encodes text as 0x01 followed by UTF-8', () => {
    expect([...encodeText('hé')]).toEqual([BusinessType.text, 0x68, 0xc3, 0xa9]);
  });

  it('formats refusals as one line', () => {
    expect(new TextDecoder().decode(errLine('two\nlines'))).toBe('ERR two lines\n');
    expect(unknownBusinessType(0x7).reason).toBe('unknown business type 0x07');
    expect(unknownBusinessType(0xab).reason).toBe('unknown business type 0xab');
  });
});

describe('goodput pattern', () => {
  it('is byte(i % 256) and continues across blocks', () => {
    expect(patternBlock.length % 256).toBe(0);
    expect([patternBlock[0], patternBlock[255], patternBlock[256], patternBlock[65535]]).toEqual([0, 255, 0, 255]);
    expect(findPatternMismatch(patternBlock.subarray(10, 20), 10)).toBe(-1);
    expect(findPatternMismatch(patternBlock.subarray(0, 10), 1)).toBe(0);
    const broken = patternBlock.slice(0, 300);
    broken[299] = 0;
    expect(findPatternMismatch(broken, 0)).toBe(299);
  });
});
