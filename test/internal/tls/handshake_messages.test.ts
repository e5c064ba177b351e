// Parsing and marshalling the handshake messages of RFC 8448 §3 and §4.
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/internal/handshake/hkdf.ts';
import { parseCertificate as parseX509, verify } from '../../../src/internal/x509/index.ts';
import { serverSignatureContext, signedMessage } from '../../../src/internal/tls/auth.ts';
import { CurveID, VersionTLS13 } from '../../../src/internal/tls/common.ts';
import {
  isHelloRetryRequest,
  marshalCertificate,
  marshalCertificateVerify,
  marshalClientHello,
  marshalFinished,
  marshalNewSessionTicket,
  marshalServerHello,
  parseCertificate,
  parseCertificateVerify,
  parseClientHello,
  parseEncryptedExtensions,
  parseFinished,
  parseNewSessionTicket,
  parseServerHello,
  pskBindersSize,
} from '../../../src/internal/tls/handshake_messages.ts';
import { Transcript } from '../../../src/internal/tls/transcript.ts';
import * as v from './rfc8448_vectors.ts';

describe('RFC 8448 messages', () => {
  it('parses the ClientHello, skipping extensions QUIC does not use', () => {
    const ch = parseClientHello(v.clientHello);
    expect(ch.random).toEqual(v.hex('cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7'));
    expect(ch.sessionId).toHaveLength(0);
    expect(ch.cipherSuites).toEqual([0x1301, 0x1303, 0x1302]);
    expect(ch.serverName).toBe('server');
    expect(ch.supportedCurves).toEqual([0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104]);
    expect(ch.keyShares).toEqual([{ group: CurveID.x25519, data: v.clientPublicKey }]);
    expect(ch.supportedVersions).toEqual([VersionTLS13]);
    expect(ch.supportedSignatureAlgorithms).toEqual([
      0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202,
    ]);
    expect(ch.pskModes).toEqual([1]);
    expect(ch.alpnProtocols).toEqual([]);
    expect(ch.quicTransportParameters).toBeUndefined();
  });

  it('parses and re-marshals the ServerHello byte for byte', () => {
    const sh = parseServerHello(v.serverHello);
    expect(isHelloRetryRequest(sh)).toBe(false);
    expect(sh).toMatchObject({ cipherSuite: 0x1301, supportedVersion: VersionTLS13, serverShare: { group: CurveID.x25519, data: v.serverPublicKey } });
    expect(marshalServerHello(sh)).toEqual(v.serverHello);
  });

  it('parses the EncryptedExtensions (supported_groups, record_size_limit, server_name)', () => {
    expect(parseEncryptedExtensions(v.encryptedExtensions)).toEqual({ earlyData: false });
  });

  it('parses and re-marshals Certificate, CertificateVerify and Finished', () => {
    const cert = parseCertificate(v.certificate);
    expect(cert.certificateRequestContext).toHaveLength(0);
    expect(cert.certificates).toHaveLength(1);
    expect(cert.certificates[0]).toHaveLength(0x1b0);
    expect(marshalCertificate(cert)).toEqual(v.certificate);
    const cv = parseCertificateVerify(v.certificateVerify);
    expect(cv.signatureAlgorithm).toBe(0x0804); // rsa_pss_rsae_sha256
    expect(cv.signature).toHaveLength(128);
    expect(marshalCertificateVerify(cv)).toEqual(v.certificateVerify);
    const fin = parseFinished(v.serverFinished);
    expect(fin.verifyData).toEqual(v.secrets.serverFinishedVerifyData);
    expect(marshalFinished(fin)).toEqual(v.serverFinished);
  });

  it("verifies the server's rsa_pss_rsae_sha256 CertificateVerify over the transcript", () => {
    const leaf = parseX509(parseCertificate(v.certificate).certificates[0]!);
    const t = new Transcript(sha256);
    for (const m of [v.clientHello, v.serverHello, v.encryptedExtensions, v.certificate]) t.write(m);
    const cv = parseCertificateVerify(v.certificateVerify);
    expect(verify(leaf.publicKey, cv.signatureAlgorithm, signedMessage(serverSignatureContext, t.sum()), cv.signature)).toBe(true);
    // The same signature does not verify over another transcript.
    t.write(v.certificateVerify);
    expect(verify(leaf.publicKey, cv.signatureAlgorithm, signedMessage(serverSignatureContext, t.sum()), cv.signature)).toBe(false);
  });

  it('parses and re-marshals the NewSessionTicket', () => {
    const nst = parseNewSessionTicket(v.newSessionTicket);
    expect(nst).toMatchObject({ lifetime: 30, ageAdd: 0xfad6aac5, nonce: Uint8Array.of(0, 0), maxEarlyData: 0x400 });
    expect(nst.ticket).toHaveLength(0xb2);
    expect(marshalNewSessionTicket(nst)).toEqual(v.newSessionTicket);
  });

  it('parses the pre_shared_key of the resumed ClientHello (§4)', () => {
    const ch = parseClientHello(v.resumption.clientHello);
    const nst = parseNewSessionTicket(v.newSessionTicket);
    expect(ch.pskIdentities).toEqual([{ identity: nst.ticket, obfuscatedTicketAge: 0xfad6aacb }]);
    expect(ch.pskBinders).toEqual([v.resumption.binder]);
    expect(ch.earlyData).toBe(true);
    expect(pskBindersSize(ch.pskBinders)).toBe(35);
  });
});

describe('marshalClientHello', () => {
  it('round-trips every extension we send, pre_shared_key last', () => {
    const hello = {
      random: new Uint8Array(32).fill(1),
      sessionId: new Uint8Array(0),
      cipherSuites: [0x1301, 0x1302],
      compressionMethods: Uint8Array.of(0),
      serverName: 'example.com',
      supportedVersions: [VersionTLS13],
      supportedCurves: [CurveID.x25519, CurveID.secp256r1],
      supportedSignatureAlgorithms: [0x0403, 0x0807],
      alpnProtocols: ['HLD', 'h3'],
      keyShares: [{ group: CurveID.x25519, data: new Uint8Array(32).fill(2) }],
      pskModes: [1],
      cookie: Uint8Array.of(9, 9),
      earlyData: true,
      quicTransportParameters: Uint8Array.of(1, 2, 3),
      pskIdentities: [{ identity: Uint8Array.of(5, 5, 5), obfuscatedTicketAge: 1234 }],
      pskBinders: [new Uint8Array(32).fill(3)],
    };
    const raw = marshalClientHello(hello);
    expect(parseClientHello(raw)).toEqual(hello);
    // The binders are the very end of the message.
    expect(raw.subarray(raw.length - 32)).toEqual(hello.pskBinders[0]);
  });

  it('refuses a pre_shared_key that is not the last extension', () => {
    // RFC 8448 §4's ClientHello plus an empty extension 0xfe00 after its pre_shared_key.
    const raw = v.resumption.clientHello;
    const bad = new Uint8Array([...raw, 0xfe, 0x00, 0x00, 0x00]);
    const view = new DataView(bad.buffer);
    const extensionsAt = 4 + 2 + 32 + 1 + (2 + 6) + (1 + 1); // header, version, random, session_id, cipher_suites, compression
    view.setUint16(extensionsAt, view.getUint16(extensionsAt) + 4);
    view.setUint16(2, bad.length - 4); // the low two bytes of the uint24 message length
    expect(() => parseClientHello(bad)).toThrow(/pre_shared_key is not the last extension/);
  });
});
