// Parsing an X.509 v3 certificate (RFC 5280 §4.1) into the fields a TLS 1.3 endpoint checks:
// who it names, for how long, the key it certifies, and who signed it with what.
import { p256, p384 } from '@noble/curves/nist.js';
import { equalBytes } from '@noble/curves/utils.js';
import { DerReader, Tag, contextTag, decodeBitString, decodeString, type Element } from './asn1.ts';
import { CertificateAlert, CertificateError, malformed } from './errors.ts';
import { formatIp } from './ip.ts';
import * as oids from './oids.ts';
import { parsePemBlocks } from './pem.ts';

/** A public key from a SubjectPublicKeyInfo (RFC 5480, RFC 8410, RFC 8017 §A.1.1). */
export type PublicKey =
  | { kind: 'ecdsa-p256'; point: Uint8Array } // uncompressed SEC1 point: 0x04 ‖ X ‖ Y
  | { kind: 'ecdsa-p384'; point: Uint8Array }
  | { kind: 'ed25519'; key: Uint8Array }
  | { kind: 'rsa'; n: bigint; e: bigint };

export interface Certificate {
  raw: Uint8Array; // the DER
  tbs: Uint8Array; // tbsCertificate DER (what the issuer signed)
  subject: Uint8Array; // DER of the Names: chains are built by comparing these bytes
  issuer: Uint8Array;
  subjectCommonName?: string;
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKey;
  signatureAlgorithm: string; // OID, dotted
  signatureParameters?: Uint8Array; // DER of the AlgorithmIdentifier's parameters, if any (RSASSA-PSS has them)
  signature: Uint8Array;
  dnsNames: string[]; // subjectAltName dNSName entries
  ipAddresses: string[]; // subjectAltName iPAddress entries, as text ('127.0.0.1', '::1')
  isCA: boolean; // basicConstraints cA
  maxPathLen?: number; // basicConstraints pathLenConstraint (§4.2.1.9): intermediates allowed below this CA
  keyUsage?: number; // keyUsage bits (§4.2.1.3): bit n of the BIT STRING is 1 << n (keyCertSign is 1 << 5)
  extKeyUsage?: string[]; // extendedKeyUsage KeyPurposeIds (§4.2.1.12), dotted OIDs
  unhandledCriticalExtensions: string[]; // critical extensions this module does not process (§4.2)
  subjectKeyId?: Uint8Array; // RFC 5280 §4.2.1.2
  authorityKeyId?: Uint8Array; // RFC 5280 §4.2.1.1, keyIdentifier
}

/** keyUsage keyCertSign (RFC 5280 §4.2.1.3): the key may verify signatures on certificates. */
export const keyUsageCertSign = 1 << 5;

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2). */
export function readAlgorithmIdentifier(r: DerReader, what: string): { oid: string; parameters?: Element; raw: Uint8Array } {
  const raw = r.readTagged(Tag.SEQUENCE, what).raw;
  const seq = new DerReader(raw).readSequence(what);
  const oid = seq.readOid(what);
  const parameters = seq.empty ? undefined : seq.readElement();
  seq.expectEnd(what);
  return { oid, parameters, raw };
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function parsePublicKey(r: DerReader): PublicKey {
  const spki = r.readSequence('subjectPublicKeyInfo');
  const { oid, parameters } = readAlgorithmIdentifier(spki, 'public key algorithm');
  const bits = spki.readBitString('subjectPublicKey');
  spki.expectEnd('subjectPublicKeyInfo');
  switch (oid) {
    case oids.oidEcPublicKey: {
      // RFC 5480 §2.1.1: parameters is the namedCurve OID; the key is an uncompressed point.
      if (parameters?.tag !== Tag.OID) throw malformed('EC public key: missing named curve');
      const curve = new DerReader(parameters.raw).readOid('named curve');
      const kind = curve === oids.oidPrime256v1 ? 'ecdsa-p256' : curve === oids.oidSecp384r1 ? 'ecdsa-p384' : undefined;
      if (!kind) throw new CertificateError(`x509: unsupported elliptic curve ${curve}`, CertificateAlert.unsupportedCertificate);
      const nist = kind === 'ecdsa-p256' ? p256 : p384;
      if (bits[0] !== 0x04 || !nist.utils.isValidPublicKey(bits, false)) throw malformed('EC public key: not a point on the curve');
      return { kind, point: bits };
    }
    case oids.oidEd25519:
      // RFC 8410 §3: parameters absent; the key is the 32-byte encoded point.
      if (parameters || bits.length !== 32) throw malformed('Ed25519 public key');
      return { kind: 'ed25519', key: bits };
    case oids.oidRsaEncryption: {
      // RFC 8017 §A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
      if (parameters && parameters.tag !== Tag.NULL) throw malformed('RSA public key parameters');
      const outer = new DerReader(bits);
      const key = outer.readSequence('RSA public key');
      const n = key.readInteger('RSA modulus');
      const e = key.readInteger('RSA exponent');
      key.expectEnd('RSA public key');
      outer.expectEnd('RSA public key');
      if (n <= 0n || e < 3n || e % 2n === 0n || e > 0x7fffffffn) throw malformed('RSA public key values');
      // As Go does, bound the work one verification may cost: at most 8192-bit moduli.
      if (n.toString(2).length > 8192) throw new CertificateError('x509: RSA modulus over 8192 bits', CertificateAlert.unsupportedCertificate);
      return { kind: 'rsa', n, e };
    }
    default:
      throw new CertificateError(`x509: unsupported public key algorithm ${oid}`, CertificateAlert.unsupportedCertificate);
  }
}

/** The first commonName in a Name (RFC 5280 §4.1.2.4), checking the whole Name's structure. */
function readCommonName(name: Uint8Array): string | undefined {
  let commonName: string | undefined;
  const rdns = new DerReader(name).readSequence('Name');
  while (!rdns.empty) {
    const rdn = new DerReader(rdns.read(Tag.SET, 'RelativeDistinguishedName'));
    while (!rdn.empty) {
      const atv = rdn.readSequence('AttributeTypeAndValue');
      const type = atv.readOid('attribute type');
      const value = atv.readElement();
      atv.expectEnd('AttributeTypeAndValue');
      if (type === oids.oidCommonName && commonName === undefined) commonName = decodeString(value, 'commonName');
    }
  }
  return commonName;
}

/** The parts of the v3 extensions (RFC 5280 §4.2) this module uses. */
type Extensions = Pick<
  Certificate,
  'dnsNames' | 'ipAddresses' | 'isCA' | 'maxPathLen' | 'keyUsage' | 'extKeyUsage' | 'unhandledCriticalExtensions' | 'subjectKeyId' | 'authorityKeyId'
>;

const noExtensions = (): Extensions => ({ dnsNames: [], ipAddresses: [], isCA: false, unhandledCriticalExtensions: [] });

/** The first nine named bits of a BIT STRING (RFC 5280 §4.2.1.3 names bits 0-8), bit n as 1 << n. */
function namedBits(bytes: Uint8Array): number {
  let bits = 0;
  for (let n = 0; n < 9 && n < bytes.length * 8; n++) if (bytes[n >> 3] & (0x80 >> (n & 7))) bits |= 1 << n;
  return bits;
}

function parseExtensions(r: DerReader): Extensions {
  const ext = noExtensions();
  const seen = new Set<string>();
  while (!r.empty) {
    const e = r.readSequence('Extension');
    const id = e.readOid('extnID');
    const critical = e.peekTag() === Tag.BOOLEAN && e.readBoolean('critical');
    const value = new DerReader(e.readOctetString('extnValue'));
    e.expectEnd('Extension');
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(id)) throw malformed(`certificate: duplicate extension ${id}`);
    seen.add(id);
    switch (id) {
      case oids.oidSubjectAltName: {
        // §4.2.1.6: GeneralNames; dNSName [2] IA5String, iPAddress [7] OCTET STRING.
        const names = value.readSequence('subjectAltName');
        while (!names.empty) {
          const name = names.readElement();
          if (name.tag === contextTag(2, false)) ext.dnsNames.push(decodeString({ ...name, tag: Tag.IA5String }, 'dNSName'));
          if (name.tag === contextTag(7, false)) {
            if (name.contents.length !== 4 && name.contents.length !== 16) throw malformed('subjectAltName iPAddress');
            ext.ipAddresses.push(formatIp(name.contents));
          }
        }
        break;
      }
      case oids.oidBasicConstraints: {
        // §4.2.1.9: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }.
        const bc = value.readSequence('basicConstraints');
        if (bc.peekTag() === Tag.BOOLEAN) ext.isCA = bc.readBoolean('basicConstraints cA');
        if (bc.peekTag() === Tag.INTEGER) {
          // INTEGER (0..MAX); a negative one is read as no limit, as Go does.
          const pathLen = bc.readInteger('pathLenConstraint');
          if (pathLen >= 0n) ext.maxPathLen = Number(pathLen > 0xffffn ? 0xffffn : pathLen); // 0xffff: more than any chain here
        }
        bc.expectEnd('basicConstraints');
        break;
      }
      case oids.oidSubjectKeyIdentifier:
        ext.subjectKeyId = value.readOctetString('subjectKeyIdentifier');
        break;
      case oids.oidAuthorityKeyIdentifier: {
        // §4.2.1.1: SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }.
        const aki = value.readSequence('authorityKeyIdentifier');
        ext.authorityKeyId = aki.readOptional(contextTag(0, false))?.contents;
        break;
      }
      case oids.oidKeyUsage:
        ext.keyUsage = namedBits(decodeBitString(value.read(Tag.BIT_STRING, 'keyUsage'), 'keyUsage').bytes);
        break;
      case oids.oidExtKeyUsage: {
        // §4.2.1.12: SEQUENCE SIZE (1..MAX) OF KeyPurposeId (an OID).
        const purposes = value.readSequence('extKeyUsage');
        ext.extKeyUsage = [];
        while (!purposes.empty) ext.extKeyUsage.push(purposes.readOid('KeyPurposeId'));
        break;
      }
      default:
        // An extension this module does not read: its value is left unparsed. §4.2: a verifier
        // MUST reject a certificate with a critical extension it does not recognize.
        if (critical) ext.unhandledCriticalExtensions.push(id);
        continue;
    }
    value.expectEnd(`extension ${id}`);
  }
  return ext;
}

/** Parses a DER certificate; anything malformed throws CertificateError with bad_certificate (42). */
export function parseCertificate(der: Uint8Array): Certificate {
  const raw = Uint8Array.from(der); // our own copy: the fields below are views into it
  const outer = new DerReader(raw);
  const cert = outer.readSequence('certificate');
  outer.expectEnd('certificate');

  const tbs = cert.readTagged(Tag.SEQUENCE, 'tbsCertificate').raw;
  const outerAlgorithm = readAlgorithmIdentifier(cert, 'signatureAlgorithm');
  const signature = cert.readBitString('signatureValue');
  cert.expectEnd('certificate');

  const t = new DerReader(tbs).readSequence('tbsCertificate');
  // version [0] EXPLICIT Version DEFAULT v1; v3 is 2 (§4.1.2.1).
  const versionTag = t.readOptional(contextTag(0, true));
  let version = 0n;
  if (versionTag) {
    const v = new DerReader(versionTag.contents);
    version = v.readInteger('version');
    v.expectEnd('version');
    if (version < 0n || version > 2n) throw malformed(`certificate: unknown version ${version}`);
  }
  const serialNumber = t.readInteger('serialNumber');
  const innerAlgorithm = readAlgorithmIdentifier(t, 'signature');
  // §4.1.1.2: the outer signatureAlgorithm MUST be the same as the signed one.
  if (!equalBytes(innerAlgorithm.raw, outerAlgorithm.raw)) throw malformed('certificate: signature algorithms differ');
  const issuer = t.readTagged(Tag.SEQUENCE, 'issuer').raw;
  const validity = t.readSequence('validity');
  const notBefore = validity.readTime('notBefore');
  const notAfter = validity.readTime('notAfter');
  validity.expectEnd('validity');
  const subject = t.readTagged(Tag.SEQUENCE, 'subject').raw;
  const publicKey = parsePublicKey(t);
  t.readOptional(contextTag(1, false)); // issuerUniqueID
  t.readOptional(contextTag(2, false)); // subjectUniqueID
  const extensionsTag = t.readOptional(contextTag(3, true));
  t.expectEnd('tbsCertificate');
  if (extensionsTag && version !== 2n) throw malformed('certificate: extensions in a v1/v2 certificate');

  let extensions = noExtensions();
  if (extensionsTag) {
    const wrapper = new DerReader(extensionsTag.contents);
    extensions = parseExtensions(wrapper.readSequence('extensions'));
    wrapper.expectEnd('extensions');
  }
  return {
    raw,
    tbs,
    subject,
    issuer,
    subjectCommonName: readCommonName(subject),
    serialNumber,
    notBefore,
    notAfter,
    publicKey,
    signatureAlgorithm: outerAlgorithm.oid,
    signatureParameters: outerAlgorithm.parameters?.raw,
    signature,
    ...extensions,
  };
}

/** Every CERTIFICATE block in `pem`, in order (a chain file lists the leaf first). */
export function parseCertificatesPem(pem: string): Certificate[] {
  const certs = parsePemBlocks(pem)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => parseCertificate(b.der));
  if (certs.length === 0) throw malformed('PEM: no CERTIFICATE block');
  return certs;
}
