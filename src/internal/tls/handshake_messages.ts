// The TLS 1.3 handshake messages QUIC carries in CRYPTO frames (RFC 8446 §4, RFC 9001 §4):
// a TypeScript shape for each, `marshal…` to bytes and `parse…` from bytes (Go's
// handshake_messages.go). A message on the wire is
//   struct { HandshakeType msg_type; uint24 length; <body> } Handshake;
// Parsers take that whole message. Malformed input fails with decode_error; the checks of what a
// well-formed message *means* (duplicate shares, unsupported versions, …) belong to the handshake.
import { Alert, tlsError } from './alert.ts';
import { ExtensionType, HandshakeType, VersionTLS12, helloRetryRequestRandom } from './common.ts';
import { ByteReader, ByteWriter } from './cryptobyte.ts';
import { equalBytes } from '@noble/ciphers/utils.js';

export interface keyShare {
  group: number;
  data: Uint8Array;
}

export interface pskIdentity {
  identity: Uint8Array;
  obfuscatedTicketAge: number;
}

/** ClientHello (RFC 8446 §4.1.2) and the extensions we understand. */
export interface clientHelloMsg {
  random: Uint8Array;
  /** legacy_session_id: always empty in QUIC (RFC 9001 §8.4). */
  sessionId: Uint8Array;
  cipherSuites: number[];
  compressionMethods: Uint8Array;
  serverName?: string;
  supportedVersions: number[];
  supportedCurves: number[];
  supportedSignatureAlgorithms: number[];
  alpnProtocols: string[];
  keyShares: keyShare[];
  pskModes: number[];
  cookie?: Uint8Array;
  earlyData: boolean;
  quicTransportParameters?: Uint8Array;
  /** pre_shared_key (§4.2.11): identities and their binders, one for one. Always the last extension. */
  pskIdentities: pskIdentity[];
  pskBinders: Uint8Array[];
}

/** ServerHello, or a HelloRetryRequest when `random` is the special value (RFC 8446 §4.1.3, §4.1.4). */
export interface serverHelloMsg {
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuite: number;
  supportedVersion?: number;
  /** ServerHello: the server's key share. */
  serverShare?: keyShare;
  /** HelloRetryRequest: the group the client must use in ClientHello2. */
  selectedGroup?: number;
  /** HelloRetryRequest: a cookie ClientHello2 must echo. */
  cookie?: Uint8Array;
  /** ServerHello: the index of the PSK identity the server accepted. */
  selectedIdentity?: number;
}

/** EncryptedExtensions (RFC 8446 §4.3.1). */
export interface encryptedExtensionsMsg {
  alpnProtocol?: string;
  quicTransportParameters?: Uint8Array;
  earlyData: boolean;
}

/** Certificate (RFC 8446 §4.4.2): DER certificates, leaf first. Per-entry extensions are not used. */
export interface certificateMsgTLS13 {
  certificateRequestContext: Uint8Array;
  certificates: Uint8Array[];
}

/** CertificateVerify (RFC 8446 §4.4.3). */
export interface certificateVerifyMsg {
  signatureAlgorithm: number;
  signature: Uint8Array;
}

/** Finished (RFC 8446 §4.4.4). */
export interface finishedMsg {
  verifyData: Uint8Array;
}

/** NewSessionTicket (RFC 8446 §4.6.1). */
export interface newSessionTicketMsgTLS13 {
  /** Seconds. */
  lifetime: number;
  ageAdd: number;
  nonce: Uint8Array;
  ticket: Uint8Array;
  /** early_data's max_early_data_size; 0 when absent (no 0-RTT with this ticket). */
  maxEarlyData: number;
}

export function isHelloRetryRequest(m: serverHelloMsg): boolean {
  return equalBytes(m.random, helloRetryRequestRandom);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function handshakeMessage(type: HandshakeType, body: (w: ByteWriter) => void): Uint8Array {
  return new ByteWriter().u8(type).vec24(body).finish();
}

/** A reader over the body of `raw`, after checking its type and length. */
function messageBody(raw: Uint8Array, type: HandshakeType): ByteReader {
  const r = new ByteReader(raw);
  if (r.u8() !== type) throw tlsError(Alert.unexpectedMessage, `expected a ${HandshakeType[type]} message`);
  const body = r.sub24();
  r.expectEnd(HandshakeType[type]);
  return body;
}

function writeExtension(w: ByteWriter, type: ExtensionType, body: (w: ByteWriter) => void): void {
  w.u16(type).vec16(body);
}

/**
 * Calls `visit(type, data)` for each extension of the block; `data` must be consumed by it.
 * An extension may appear once (RFC 8446 §4.2); unknown ones are skipped.
 */
function parseExtensions(r: ByteReader, what: string, visit: (type: number, data: ByteReader) => void): void {
  const exts = r.sub16();
  r.expectEnd(what);
  const seen = new Set<number>();
  while (!exts.empty()) {
    const type = exts.u16();
    const data = exts.sub16();
    if (seen.has(type)) throw tlsError(Alert.decodeError, `duplicate extension ${type} in ${what}`);
    seen.add(type);
    visit(type, data);
  }
}

function parseU16List(r: ByteReader, what: string): number[] {
  const out: number[] = [];
  while (!r.empty()) out.push(r.u16());
  if (out.length === 0) throw tlsError(Alert.decodeError, `empty ${what}`);
  return out;
}

function nonEmpty(b: Uint8Array, what: string): Uint8Array {
  if (b.length === 0) throw tlsError(Alert.decodeError, `empty ${what}`);
  return b;
}

// ---- ClientHello -------------------------------------------------------------------------

export function marshalClientHello(m: clientHelloMsg): Uint8Array {
  return handshakeMessage(HandshakeType.clientHello, (w) => {
    w.u16(VersionTLS12).bytes(m.random);
    w.vec8((v) => v.bytes(m.sessionId));
    w.vec16((v) => m.cipherSuites.forEach((s) => v.u16(s)));
    w.vec8((v) => v.bytes(m.compressionMethods));
    w.vec16((e) => {
      const name = m.serverName;
      if (name !== undefined) {
        // RFC 6066 §3: a list with one host_name (type 0).
        writeExtension(e, ExtensionType.serverName, (x) => x.vec16((l) => l.u8(0).vec16((n) => n.bytes(encoder.encode(name)))));
      }
      writeExtension(e, ExtensionType.supportedGroups, (x) => x.vec16((l) => m.supportedCurves.forEach((c) => l.u16(c))));
      writeExtension(e, ExtensionType.signatureAlgorithms, (x) =>
        x.vec16((l) => m.supportedSignatureAlgorithms.forEach((s) => l.u16(s))),
      );
      if (m.alpnProtocols.length > 0) {
        writeExtension(e, ExtensionType.alpn, (x) => x.vec16((l) => m.alpnProtocols.forEach((p) => l.vec8((n) => n.bytes(encoder.encode(p))))));
      }
      writeExtension(e, ExtensionType.supportedVersions, (x) => x.vec8((l) => m.supportedVersions.forEach((v) => l.u16(v))));
      writeExtension(e, ExtensionType.keyShare, (x) => x.vec16((l) => m.keyShares.forEach((ks) => l.u16(ks.group).vec16((d) => d.bytes(ks.data)))));
      if (m.pskModes.length > 0) writeExtension(e, ExtensionType.pskKeyExchangeModes, (x) => x.vec8((l) => m.pskModes.forEach((p) => l.u8(p))));
      const cookie = m.cookie;
      if (cookie !== undefined) writeExtension(e, ExtensionType.cookie, (x) => x.vec16((c) => c.bytes(cookie)));
      if (m.earlyData) writeExtension(e, ExtensionType.earlyData, () => {});
      const tp = m.quicTransportParameters;
      if (tp !== undefined) writeExtension(e, ExtensionType.quicTransportParameters, (x) => x.bytes(tp));
      // pre_shared_key MUST be the last extension (RFC 8446 §4.2.11).
      if (m.pskIdentities.length > 0) {
        writeExtension(e, ExtensionType.preSharedKey, (x) => {
          x.vec16((l) => m.pskIdentities.forEach((id) => l.vec16((i) => i.bytes(id.identity)).u32(id.obfuscatedTicketAge)));
          x.vec16((l) => m.pskBinders.forEach((b) => l.vec8((d) => d.bytes(b))));
        });
      }
    });
  });
}

/**
 * The size of the binders list that ends a ClientHello with pre_shared_key. The PSK binder is
 * computed over the ClientHello without it, the "truncated" ClientHello (RFC 8446 §4.2.11.2).
 */
export function pskBindersSize(binders: Uint8Array[]): number {
  return 2 + binders.reduce((n, b) => n + 1 + b.length, 0);
}

export function parseClientHello(raw: Uint8Array): clientHelloMsg {
  const r = messageBody(raw, HandshakeType.clientHello);
  r.u16(); // legacy_version; supported_versions decides
  const m: clientHelloMsg = {
    random: r.bytes(32),
    sessionId: r.vec8(),
    cipherSuites: [],
    compressionMethods: new Uint8Array(0),
    supportedVersions: [],
    supportedCurves: [],
    supportedSignatureAlgorithms: [],
    alpnProtocols: [],
    keyShares: [],
    pskModes: [],
    earlyData: false,
    pskIdentities: [],
    pskBinders: [],
  };
  if (m.sessionId.length > 32) throw tlsError(Alert.decodeError, 'session ID too long');
  const suites = r.vec16();
  if (suites.length === 0 || suites.length % 2 !== 0) throw tlsError(Alert.decodeError, 'bad cipher_suites');
  m.cipherSuites = parseU16List(new ByteReader(suites), 'cipher_suites');
  m.compressionMethods = nonEmpty(r.vec8(), 'compression_methods');
  let last = -1;
  parseExtensions(r, 'ClientHello', (type, d) => {
    if (last === ExtensionType.preSharedKey) throw tlsError(Alert.illegalParameter, 'pre_shared_key is not the last extension');
    last = type;
    switch (type) {
      case ExtensionType.serverName: {
        const list = d.sub16();
        while (!list.empty()) {
          const nameType = list.u8();
          const name = list.vec16();
          if (nameType !== 0) continue;
          if (m.serverName !== undefined) throw tlsError(Alert.decodeError, 'multiple server names');
          m.serverName = decoder.decode(nonEmpty(name, 'server name'));
        }
        break;
      }
      case ExtensionType.supportedGroups:
        m.supportedCurves = parseU16List(d.sub16(), 'supported_groups');
        break;
      case ExtensionType.signatureAlgorithms:
        m.supportedSignatureAlgorithms = parseU16List(d.sub16(), 'signature_algorithms');
        break;
      case ExtensionType.alpn: {
        const list = d.sub16();
        while (!list.empty()) m.alpnProtocols.push(decoder.decode(nonEmpty(list.vec8(), 'ALPN protocol')));
        if (m.alpnProtocols.length === 0) throw tlsError(Alert.decodeError, 'empty ALPN list');
        break;
      }
      case ExtensionType.supportedVersions:
        m.supportedVersions = parseU16List(d.sub8(), 'supported_versions');
        break;
      case ExtensionType.keyShare: {
        const list = d.sub16();
        while (!list.empty()) m.keyShares.push({ group: list.u16(), data: nonEmpty(list.vec16(), 'key share') });
        break;
      }
      case ExtensionType.pskKeyExchangeModes: {
        const modes = d.vec8();
        m.pskModes = [...modes];
        break;
      }
      case ExtensionType.cookie:
        m.cookie = nonEmpty(d.vec16(), 'cookie');
        break;
      case ExtensionType.earlyData:
        m.earlyData = true;
        break;
      case ExtensionType.quicTransportParameters:
        m.quicTransportParameters = d.bytes(d.remaining);
        break;
      case ExtensionType.preSharedKey: {
        const ids = d.sub16();
        while (!ids.empty()) m.pskIdentities.push({ identity: nonEmpty(ids.vec16(), 'PSK identity'), obfuscatedTicketAge: ids.u32() });
        const binders = d.sub16();
        while (!binders.empty()) m.pskBinders.push(binders.vec8());
        if (m.pskIdentities.length === 0 || m.pskIdentities.length !== m.pskBinders.length) {
          throw tlsError(Alert.decodeError, 'PSK identities and binders do not match');
        }
        break;
      }
      default:
        d.bytes(d.remaining); // unknown extensions are ignored (RFC 8446 §4.2)
    }
    d.expectEnd(`extension ${type}`);
  });
  return m;
}

// ---- ServerHello / HelloRetryRequest ------------------------------------------------------

export function marshalServerHello(m: serverHelloMsg): Uint8Array {
  return handshakeMessage(HandshakeType.serverHello, (w) => {
    w.u16(VersionTLS12).bytes(m.random);
    w.vec8((v) => v.bytes(m.sessionId));
    w.u16(m.cipherSuite).u8(0); // legacy_compression_method
    w.vec16((e) => {
      // key_share first, then supported_versions: the order of RFC 8448's traces.
      const share = m.serverShare;
      if (share !== undefined) writeExtension(e, ExtensionType.keyShare, (x) => x.u16(share.group).vec16((d) => d.bytes(share.data)));
      if (m.selectedGroup !== undefined) {
        const group = m.selectedGroup;
        writeExtension(e, ExtensionType.keyShare, (x) => x.u16(group));
      }
      if (m.supportedVersion !== undefined) {
        const version = m.supportedVersion;
        writeExtension(e, ExtensionType.supportedVersions, (x) => x.u16(version));
      }
      const cookie = m.cookie;
      if (cookie !== undefined) writeExtension(e, ExtensionType.cookie, (x) => x.vec16((c) => c.bytes(cookie)));
      if (m.selectedIdentity !== undefined) {
        const identity = m.selectedIdentity;
        writeExtension(e, ExtensionType.preSharedKey, (x) => x.u16(identity));
      }
    });
  });
}

export function parseServerHello(raw: Uint8Array): serverHelloMsg {
  const r = messageBody(raw, HandshakeType.serverHello);
  r.u16(); // legacy_version
  const m: serverHelloMsg = { random: r.bytes(32), sessionId: r.vec8(), cipherSuite: r.u16() };
  if (m.sessionId.length > 32) throw tlsError(Alert.decodeError, 'session ID too long');
  if (r.u8() !== 0) throw tlsError(Alert.illegalParameter, 'server selected a compression method');
  const hrr = isHelloRetryRequest(m);
  parseExtensions(r, 'ServerHello', (type, d) => {
    switch (type) {
      case ExtensionType.supportedVersions:
        m.supportedVersion = d.u16();
        break;
      case ExtensionType.keyShare:
        if (hrr) m.selectedGroup = d.u16();
        else m.serverShare = { group: d.u16(), data: nonEmpty(d.vec16(), 'key share') };
        break;
      case ExtensionType.cookie:
        m.cookie = nonEmpty(d.vec16(), 'cookie');
        break;
      case ExtensionType.preSharedKey:
        m.selectedIdentity = d.u16();
        break;
      default:
        // A server may send only extensions the client offered (RFC 8446 §4.2).
        throw tlsError(Alert.unsupportedExtension, `unexpected extension ${type} in ServerHello`);
    }
    d.expectEnd(`extension ${type}`);
  });
  return m;
}

// ---- EncryptedExtensions ------------------------------------------------------------------

export function marshalEncryptedExtensions(m: encryptedExtensionsMsg): Uint8Array {
  return handshakeMessage(HandshakeType.encryptedExtensions, (w) =>
    w.vec16((e) => {
      const proto = m.alpnProtocol;
      if (proto !== undefined) writeExtension(e, ExtensionType.alpn, (x) => x.vec16((l) => l.vec8((n) => n.bytes(encoder.encode(proto)))));
      const tp = m.quicTransportParameters;
      if (tp !== undefined) writeExtension(e, ExtensionType.quicTransportParameters, (x) => x.bytes(tp));
      if (m.earlyData) writeExtension(e, ExtensionType.earlyData, () => {});
    }),
  );
}

export function parseEncryptedExtensions(raw: Uint8Array): encryptedExtensionsMsg {
  const r = messageBody(raw, HandshakeType.encryptedExtensions);
  const m: encryptedExtensionsMsg = { earlyData: false };
  parseExtensions(r, 'EncryptedExtensions', (type, d) => {
    switch (type) {
      case ExtensionType.alpn: {
        // The server selects exactly one protocol (RFC 7301 §3.1).
        const list = d.sub16();
        m.alpnProtocol = decoder.decode(nonEmpty(list.vec8(), 'ALPN protocol'));
        list.expectEnd('ALPN extension');
        break;
      }
      case ExtensionType.quicTransportParameters:
        m.quicTransportParameters = d.bytes(d.remaining);
        break;
      case ExtensionType.earlyData:
        m.earlyData = true;
        break;
      default:
        d.bytes(d.remaining); // e.g. an empty server_name, or supported_groups (RFC 8448 §3)
    }
    d.expectEnd(`extension ${type}`);
  });
  return m;
}

// ---- Certificate, CertificateVerify, Finished -----------------------------------------------

export function marshalCertificate(m: certificateMsgTLS13): Uint8Array {
  return handshakeMessage(HandshakeType.certificate, (w) => {
    w.vec8((c) => c.bytes(m.certificateRequestContext));
    w.vec24((l) => m.certificates.forEach((der) => l.vec24((c) => c.bytes(der)).u16(0)));
  });
}

export function parseCertificate(raw: Uint8Array): certificateMsgTLS13 {
  const r = messageBody(raw, HandshakeType.certificate);
  const m: certificateMsgTLS13 = { certificateRequestContext: r.vec8(), certificates: [] };
  const list = r.sub24();
  r.expectEnd('Certificate');
  while (!list.empty()) {
    m.certificates.push(nonEmpty(list.vec24(), 'certificate'));
    list.vec16(); // CertificateEntry extensions (OCSP, SCT): not used
  }
  return m;
}

export function marshalCertificateVerify(m: certificateVerifyMsg): Uint8Array {
  return handshakeMessage(HandshakeType.certificateVerify, (w) => w.u16(m.signatureAlgorithm).vec16((s) => s.bytes(m.signature)));
}

export function parseCertificateVerify(raw: Uint8Array): certificateVerifyMsg {
  const r = messageBody(raw, HandshakeType.certificateVerify);
  const m: certificateVerifyMsg = { signatureAlgorithm: r.u16(), signature: nonEmpty(r.vec16(), 'signature') };
  r.expectEnd('CertificateVerify');
  return m;
}

export function marshalFinished(m: finishedMsg): Uint8Array {
  return handshakeMessage(HandshakeType.finished, (w) => w.bytes(m.verifyData));
}

export function parseFinished(raw: Uint8Array): finishedMsg {
  const r = messageBody(raw, HandshakeType.finished);
  return { verifyData: r.bytes(r.remaining) };
}

// ---- NewSessionTicket -----------------------------------------------------------------------

export function marshalNewSessionTicket(m: newSessionTicketMsgTLS13): Uint8Array {
  return handshakeMessage(HandshakeType.newSessionTicket, (w) => {
    w.u32(m.lifetime).u32(m.ageAdd);
    w.vec8((n) => n.bytes(m.nonce));
    w.vec16((t) => t.bytes(m.ticket));
    w.vec16((e) => {
      if (m.maxEarlyData > 0) writeExtension(e, ExtensionType.earlyData, (x) => x.u32(m.maxEarlyData));
    });
  });
}

export function parseNewSessionTicket(raw: Uint8Array): newSessionTicketMsgTLS13 {
  const r = messageBody(raw, HandshakeType.newSessionTicket);
  const m: newSessionTicketMsgTLS13 = { lifetime: r.u32(), ageAdd: r.u32(), nonce: r.vec8(), ticket: nonEmpty(r.vec16(), 'ticket'), maxEarlyData: 0 };
  parseExtensions(r, 'NewSessionTicket', (type, d) => {
    if (type === ExtensionType.earlyData) m.maxEarlyData = d.u32();
    else d.bytes(d.remaining);
    d.expectEnd(`extension ${type}`);
  });
  return m;
}
