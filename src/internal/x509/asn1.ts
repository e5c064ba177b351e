// A small DER reader and writer (ITU-T X.690 §8 and §10), enough for X.509 certificates
// (RFC 5280) and private keys (RFC 5208, RFC 5915, RFC 8410). The reader is strict: it accepts
// only DER's one encoding of each value, never reads past the bytes it is given, and reports
// anything else as a malformed certificate (bad_certificate).
import { hexBytes } from './big_endian.ts';
import { malformed } from './errors.ts';

/** Universal tags (X.690 §8.1.2), with the constructed bit set where DER requires it. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A context-specific tag [n] (X.690 §8.1.2.2): constructed for EXPLICIT and structured IMPLICIT types. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** One decoded TLV: its tag, its contents, and the whole encoding (for signed or compared bytes). */
export interface Element {
  tag: number;
  contents: Uint8Array;
  raw: Uint8Array;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const asciiDecoder = new TextDecoder('ascii'); // bytes ≤ 0x7f only: checked before use
const encoder = new TextEncoder();

/** Reads the elements of one DER-encoded value (or of the contents of a constructed one) in order. */
export class DerReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get empty(): boolean {
    return this.offset === this.bytes.length;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.empty ? undefined : this.bytes[this.offset];
  }

  /** Fails unless every byte has been read (no trailing data). */
  expectEnd(what: string): void {
    if (!this.empty) throw malformed(`${what}: trailing data`);
  }

  /** The next TLV, whatever its tag (X.690 §8.1.1). */
  readElement(): Element {
    const start = this.offset;
    const bytes = this.bytes;
    if (bytes.length - start < 2) throw malformed('DER: truncated element');
    const tag = bytes[start];
    if ((tag & 0x1f) === 0x1f) throw malformed('DER: high tag numbers are not used here');
    let pos = start + 1;
    let length = bytes[pos++];
    if (length & 0x80) {
      // Long form (§8.1.3.5): DER uses it only for lengths ≥ 128, in the fewest octets (§10.1).
      const count = length & 0x7f;
      if (count === 0) throw malformed('DER: indefinite length');
      if (count > 4) throw malformed('DER: length too large');
      if (bytes.length - pos < count) throw malformed('DER: truncated length');
      if (bytes[pos] === 0) throw malformed('DER: length not minimally encoded');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
      if (length < 0x80) throw malformed('DER: length not minimally encoded');
    }
    if (bytes.length - pos < length) throw malformed('DER: element longer than its container');
    this.offset = pos + length;
    return { tag, contents: bytes.subarray(pos, pos + length), raw: bytes.subarray(start, pos + length) };
  }

  /** The next element, which must have `tag`. */
  readTagged(tag: number, what: string): Element {
    if (this.peekTag() !== tag) throw malformed(what);
    return this.readElement();
  }

  /** The contents of the next element, which must have `tag`. */
  read(tag: number, what: string): Uint8Array {
    return this.readTagged(tag, what).contents;
  }

  /** The next element if it has `tag`, else undefined (OPTIONAL and DEFAULT fields). */
  readOptional(tag: number): Element | undefined {
    return this.peekTag() === tag ? this.readElement() : undefined;
  }

  /** A reader over the contents of the next SEQUENCE. */
  readSequence(what: string): DerReader {
    return new DerReader(this.read(Tag.SEQUENCE, what));
  }

  /** An INTEGER (§8.3), two's complement, in its minimal encoding. */
  readInteger(what: string): bigint {
    return decodeInteger(this.read(Tag.INTEGER, what), what);
  }

  /** A BOOLEAN (§8.2); DER allows only 0x00 and 0xff (§11.1). */
  readBoolean(what: string): boolean {
    const c = this.read(Tag.BOOLEAN, what);
    if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw malformed(what);
    return c[0] === 0xff;
  }

  /** An OBJECT IDENTIFIER (§8.19) as its dotted string, e.g. "1.2.840.10045.2.1". */
  readOid(what: string): string {
    return decodeOid(this.read(Tag.OID, what), what);
  }

  /** A BIT STRING (§8.6) whose length is a whole number of bytes (keys, signatures). */
  readBitString(what: string): Uint8Array {
    const { bytes, unusedBits } = decodeBitString(this.read(Tag.BIT_STRING, what), what);
    if (unusedBits !== 0) throw malformed(what);
    return bytes;
  }

  readOctetString(what: string): Uint8Array {
    return this.read(Tag.OCTET_STRING, what);
  }

  /** A Time (RFC 5280 §4.1.2.5): UTCTime or GeneralizedTime, in the "Z" forms DER allows. */
  readTime(what: string): Date {
    const tag = this.peekTag();
    if (tag === Tag.UTCTime) return decodeTime(this.readElement().contents, 2, what);
    if (tag === Tag.GeneralizedTime) return decodeTime(this.readElement().contents, 4, what);
    throw malformed(what);
  }
}

function decodeInteger(c: Uint8Array, what: string): bigint {
  if (c.length === 0) throw malformed(what);
  if (c.length > 1 && ((c[0] === 0x00 && !(c[1] & 0x80)) || (c[0] === 0xff && c[1] & 0x80))) {
    throw malformed(`${what}: integer not minimally encoded`);
  }
  let value = 0n;
  for (const b of c) value = (value << 8n) | BigInt(b);
  return c[0] & 0x80 ? value - (1n << BigInt(8 * c.length)) : value;
}

function decodeOid(c: Uint8Array, what: string): string {
  if (c.length === 0) throw malformed(what);
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    if (value === 0 && c[i] === 0x80) throw malformed(`${what}: OID arc not minimally encoded`);
    value = value * 128 + (c[i] & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw malformed(`${what}: OID arc too large`);
    if (!(c[i] & 0x80)) {
      arcs.push(value);
      value = 0;
    } else if (i === c.length - 1) {
      throw malformed(`${what}: truncated OID`);
    }
  }
  // The first subidentifier packs the first two arcs as 40·X + Y (§8.19.4).
  const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
  return [first, arcs[0] - 40 * first, ...arcs.slice(1)].join('.');
}

export function decodeBitString(c: Uint8Array, what: string): { bytes: Uint8Array; unusedBits: number } {
  if (c.length === 0 || c[0] > 7 || (c.length === 1 && c[0] !== 0)) throw malformed(what);
  const unusedBits = c[0];
  // DER: the unused bits are zero (§11.2.1).
  if (unusedBits && c[c.length - 1] & ((1 << unusedBits) - 1)) throw malformed(what);
  return { bytes: c.subarray(1), unusedBits };
}

/**
 * A UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as RFC 5280 §4.1.2.5 profiles them:
 * UTC ("Z"), seconds present, no fraction (also DER's rules, X.690 §11.7–§11.8). A GeneralizedTime
 * may hold any year 0000–9999: Go writes its zero time, a certificate template without validity
 * dates, as 00010101000000Z, and §4.1.2.5 gives 99991231235959Z for "no expiration date".
 */
function decodeTime(c: Uint8Array, yearDigits: 2 | 4, what: string): Date {
  if (c.length !== yearDigits + 11 || c.some((b) => b > 0x7f)) throw malformed(`${what}: bad time`);
  const text = asciiDecoder.decode(c);
  const m = (yearDigits === 2 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(text);
  if (!m) throw malformed(`${what}: bad time "${text}"`);
  let year = Number(m[1]);
  if (yearDigits === 2) year += year >= 50 ? 1900 : 2000; // RFC 5280 §4.1.2.5.1
  const [month, day, hour, minute, second] = m.slice(2).map(Number);
  // Not Date.UTC: it reads years 0–99 as 1900–1999. setUTCFullYear takes the year as written.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second);
  // Both roll over (Feb 30 → Mar 2, 24:00 → next day); a real date reads back the same fields.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw malformed(`${what}: bad time "${text}"`);
  }
  return date;
}

/** Decodes a character string (UTF8String, PrintableString, IA5String) to text. */
export function decodeString(e: Element, what: string): string {
  switch (e.tag) {
    case Tag.UTF8String:
      try {
        return utf8Decoder.decode(e.contents);
      } catch {
        throw malformed(`${what}: invalid UTF-8`);
      }
    case Tag.PrintableString:
    case Tag.IA5String:
      if (e.contents.some((b) => b > 0x7f)) throw malformed(`${what}: non-ASCII character`);
      return asciiDecoder.decode(e.contents);
    default:
      throw malformed(`${what}: unsupported string type 0x${e.tag.toString(16)}`);
  }
}

// ---- Writer: each function returns one complete DER element. ----

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) octets.unshift(l & 0xff);
  return [0x80 | octets.length, ...octets];
}

/** The TLV for `tag` around `contents`. */
export function encode(tag: number, contents: Uint8Array): Uint8Array {
  const header = [tag, ...encodeLength(contents.length)];
  const out = new Uint8Array(header.length + contents.length);
  out.set(header);
  out.set(contents, header.length);
  return out;
}

function concat(items: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(items.reduce((n, i) => n + i.length, 0));
  let pos = 0;
  for (const i of items) {
    out.set(i, pos);
    pos += i.length;
  }
  return out;
}

export function sequence(...items: Uint8Array[]): Uint8Array {
  return encode(Tag.SEQUENCE, concat(items));
}

/** A SET OF: DER sorts the encodings (§11.6). */
export function set(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  });
  return encode(Tag.SET, concat(sorted));
}

/** [n] EXPLICIT: a constructed context tag around whole elements. */
export function explicit(n: number, ...items: Uint8Array[]): Uint8Array {
  return encode(contextTag(n, true), concat(items));
}

/** [n] IMPLICIT of a primitive type: the context tag replaces the type's own tag. */
export function implicit(n: number, contents: Uint8Array): Uint8Array {
  return encode(contextTag(n, false), contents);
}

export function integer(value: bigint): Uint8Array {
  // Two's complement in the fewest bytes: a positive value whose top bit is set gets a 0x00 lead.
  if (value >= 0n) {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) hex = '0' + hex;
    if (hex.charCodeAt(0) >= 0x38) hex = '00' + hex; // first digit 8-f: the top bit is set
    return encode(Tag.INTEGER, hexBytes(hex));
  }
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    bytes.unshift(Number(BigInt.asUintN(8, v)));
    v >>= 8n;
    if ((v === 0n && !(bytes[0] & 0x80)) || (v === -1n && bytes[0] & 0x80)) break;
  }
  return encode(Tag.INTEGER, Uint8Array.from(bytes));
}

export function boolean(value: boolean): Uint8Array {
  return encode(Tag.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));
}

export function nullValue(): Uint8Array {
  return encode(Tag.NULL, new Uint8Array(0));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [40 * arcs[0] + arcs[1], ...arcs.slice(2)]) {
    const base128 = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift(0x80 | (v & 0x7f));
    out.push(...base128);
  }
  return encode(Tag.OID, Uint8Array.from(out));
}

/** A BIT STRING of whole bytes, or of `bitLength` bits (named bit lists drop trailing zeros, §11.2.2). */
export function bitString(bytes: Uint8Array, bitLength = bytes.length * 8): Uint8Array {
  const used = bytes.subarray(0, Math.ceil(bitLength / 8));
  return encode(Tag.BIT_STRING, concat([Uint8Array.of(used.length * 8 - bitLength), used]));
}

export function octetString(bytes: Uint8Array): Uint8Array {
  return encode(Tag.OCTET_STRING, bytes);
}

export function utf8String(text: string): Uint8Array {
  return encode(Tag.UTF8String, encoder.encode(text));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, "Z". */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return encode(Tag.UTCTime, encoder.encode(digits.slice(2)));
  return encode(Tag.GeneralizedTime, encoder.encode(digits));
}
