import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as der from '../../../src/internal/x509/asn1.ts';
import { DerReader } from '../../../src/internal/x509/asn1.ts';
import { CertificateError } from '../../../src/internal/x509/errors.ts';
import { formatIp, parseIp } from '../../../src/internal/x509/ip.ts';
import { parsePemBlocks, toPem } from '../../../src/internal/x509/pem.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const badCertificate = (f: () => unknown) => {
  expect(f).toThrow(CertificateError);
  try {
    f();
  } catch (err) {
    expect((err as CertificateError).alert).toBe(42);
  }
};

describe('DER writer and reader', () => {
  it('encodes X.690 examples byte for byte', () => {
    // X.690 §8.19.5 example: {2 999 3} is 06 03 88 37 03.
    expect(der.oid('2.999.3')).toEqual(hex('06 03 88 37 03'));
    expect(der.integer(0n)).toEqual(hex('02 01 00'));
    expect(der.integer(127n)).toEqual(hex('02 01 7f'));
    expect(der.integer(128n)).toEqual(hex('02 02 00 80'));
    expect(der.integer(15n)).toEqual(hex('02 01 0f'));
    expect(der.integer(255n)).toEqual(hex('02 02 00 ff'));
    expect(der.integer(256n)).toEqual(hex('02 02 01 00'));
    expect(der.integer(0x7fffn)).toEqual(hex('02 02 7f ff'));
    expect(der.integer(0x8000n)).toEqual(hex('02 03 00 80 00'));
    expect(der.integer(-128n)).toEqual(hex('02 01 80'));
    expect(der.integer(-129n)).toEqual(hex('02 02 ff 7f'));
    expect(der.boolean(true)).toEqual(hex('01 01 ff'));
    expect(der.nullValue()).toEqual(hex('05 00'));
    // keyUsage digitalSignature|keyCertSign: 6 bits used, 2 unused (RFC 5280 §4.2.1.3 bit order).
    expect(der.bitString(Uint8Array.of(0x84), 6)).toEqual(hex('03 02 02 84'));
    expect(der.octetString(new Uint8Array(200)).subarray(0, 3)).toEqual(hex('04 81 c8'));
    expect(der.time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)))).toEqual(Uint8Array.from([0x17, 0x0d, ...Buffer.from('491231235959Z')]));
    expect(der.time(new Date(Date.UTC(2050, 0, 1)))).toEqual(Uint8Array.from([0x18, 0x0f, ...Buffer.from('20500101000000Z')]));
  });

  it('round-trips integers, OIDs and times', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), (n) => {
        expect(new DerReader(der.integer(n)).readInteger('n')).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.nat({ max: 2 ** 40 }), { maxLength: 8 }), (a, b, rest) => {
        const dotted = [a, b, ...rest].join('.');
        expect(new DerReader(der.oid(dotted)).readOid('oid')).toBe(dotted);
      }),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const seconds = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(new DerReader(der.time(d)).readTime('t')).toEqual(seconds);
      }),
    );
  });

  it('reads every year RFC 5280 §4.1.2.5 allows, each time type as written', () => {
    const time = (tag: number, text: string) => new DerReader(Uint8Array.from([tag, text.length, ...Buffer.from(text)])).readTime('t').toISOString();
    // UTCTime: YY 50–99 is 19YY, 00–49 is 20YY (§4.1.2.5.1).
    expect(time(0x17, '500101000000Z')).toBe('1950-01-01T00:00:00.000Z');
    expect(time(0x17, '491231235959Z')).toBe('2049-12-31T23:59:59.000Z');
    expect(time(0x17, '000229000000Z')).toBe('2000-02-29T00:00:00.000Z');
    // GeneralizedTime: any four-digit year, years 0–99 included (Date.UTC would read them as 19YY).
    expect(time(0x18, '00010101000000Z')).toBe('0001-01-01T00:00:00.000Z'); // Go's zero time
    expect(time(0x18, '00000229000000Z')).toBe('0000-02-29T00:00:00.000Z'); // year 0 is a leap year
    expect(time(0x18, '00991231235959Z')).toBe('0099-12-31T23:59:59.000Z');
    expect(time(0x18, '19491231235959Z')).toBe('1949-12-31T23:59:59.000Z');
    expect(time(0x18, '20250615120000Z')).toBe('2025-06-15T12:00:00.000Z'); // within UTCTime's range: still accepted, as Go does
    expect(time(0x18, '99991231235959Z')).toBe('9999-12-31T23:59:59.000Z'); // §4.1.2.5: no well-defined expiration date
  });

  it('sorts SET OF members and nests context tags', () => {
    const s = der.set(der.integer(2n), der.integer(1n));
    expect(s).toEqual(hex('31 06 02 01 01 02 01 02'));
    const r = new DerReader(der.explicit(3, der.sequence(der.boolean(false))));
    expect(r.peekTag()).toBe(0xa3);
    expect(new DerReader(r.readElement().contents).readSequence('s').readBoolean('b')).toBe(false);
  });

  it('rejects what DER forbids, as bad_certificate', () => {
    badCertificate(() => new DerReader(hex('30 80 00 00')).readElement()); // indefinite length
    badCertificate(() => new DerReader(hex('04 81 05 0000000000')).readElement()); // long form for a short length
    badCertificate(() => new DerReader(hex('04 82 00 80' + '00'.repeat(128))).readElement()); // leading zero length octet
    badCertificate(() => new DerReader(hex('04 05 0000')).readElement()); // longer than the input
    badCertificate(() => new DerReader(hex('04')).readElement());
    badCertificate(() => new DerReader(hex('1f 01 00')).readElement()); // high tag number
    badCertificate(() => new DerReader(hex('02 02 00 7f')).readInteger('i')); // non-minimal integer
    badCertificate(() => new DerReader(hex('02 00')).readInteger('i'));
    badCertificate(() => new DerReader(hex('01 01 01')).readBoolean('b')); // BOOLEAN must be 00 or ff
    badCertificate(() => new DerReader(hex('06 02 80 01')).readOid('o')); // non-minimal arc
    badCertificate(() => new DerReader(hex('06 01 88')).readOid('o')); // truncated arc
    badCertificate(() => new DerReader(hex('03 02 01 01')).readBitString('b')); // unused bit set
    badCertificate(() => new DerReader(Uint8Array.from([0x17, 0x0d, ...Buffer.from('490230000000Z')])).readTime('t')); // Feb 30
    badCertificate(() => new DerReader(Uint8Array.from([0x17, 0x0b, ...Buffer.from('4901010000Z')])).readTime('t')); // no seconds
    badCertificate(() => new DerReader(Uint8Array.from([0x18, 0x13, ...Buffer.from('20500101000000+0100')])).readTime('t')); // not Z
    badCertificate(() => new DerReader(Uint8Array.from([0x18, 0x0f, ...Buffer.from('21000229000000Z')])).readTime('t')); // 2100 is no leap year
    badCertificate(() => new DerReader(Uint8Array.from([0x18, 0x0f, ...Buffer.from('00010101240000Z')])).readTime('t')); // hour 24
    badCertificate(() => new DerReader(Uint8Array.from([0x18, 0x11, ...Buffer.from('00010101000000.5Z')])).readTime('t')); // fraction
    const trailing = new DerReader(hex('30 00 00'));
    trailing.readSequence('s');
    badCertificate(() => trailing.expectEnd('s')); // trailing data
  });
});

describe('IP addresses', () => {
  it('formats IPv6 in RFC 5952 canonical form', () => {
    // RFC 5952 §4 examples.
    expect(formatIp(parseIp('2001:db8:0:0:0:0:2:1')!)).toBe('2001:db8::2:1');
    expect(formatIp(parseIp('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIp(parseIp('2001:0:0:1:0:0:0:1')!)).toBe('2001:0:0:1::1');
    expect(formatIp(parseIp('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(parseIp('2001:DB8::AAAA')!)).toBe('2001:db8::aaaa');
    expect(formatIp(parseIp('::1')!)).toBe('::1');
    expect(formatIp(parseIp('::')!)).toBe('::');
    expect(formatIp(parseIp('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
    expect(formatIp(parseIp('127.0.0.1')!)).toBe('127.0.0.1');
  });

  it('rejects what is not an address literal', () => {
    for (const s of ['localhost', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', ':::', 'g::1', '1:2:3:4:5:6:7::8']) {
      expect(parseIp(s), s).toBeUndefined();
    }
  });
});

describe('PEM', () => {
  it('round-trips blocks and skips text between them', () => {
    const a = Uint8Array.from({ length: 100 }, (_, i) => i);
    const b = Uint8Array.of(1, 2, 3);
    const pem = `comment\n${toPem('CERTIFICATE', a)}between\r\n${toPem('EC PRIVATE KEY', b)}`;
    expect(toPem('X', a).split('\n')[1]).toHaveLength(64);
    expect(parsePemBlocks(pem)).toEqual([
      { label: 'CERTIFICATE', der: a },
      { label: 'EC PRIVATE KEY', der: b },
    ]);
    badCertificate(() => parsePemBlocks('-----BEGIN X-----\nAA*A\n-----END X-----\n'));
  });
});
