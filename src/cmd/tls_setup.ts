// The TLS side of the HLD programs: the server's certificate (from PEM files, or a fresh
// self-signed one), the client's verification choice (--ca, or the article's InsecureSkipVerify),
// and the NSS key log (--keylog) that lets Wireshark decrypt a capture.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { QUICTLSConfig } from '../index.ts';
// Our stand-ins for Go's crypto/tls and crypto/x509, which a Go program imports beside quic-go.
import { cipherSuiteTLS13ByID } from '../internal/tls/cipher_suites.ts';
import {
  generateSelfSignedCertificate,
  parseCertificatesPem,
  parsePrivateKeyPem,
  toPem,
} from '../internal/x509/index.ts';

/** Appends each key log line to `file` (created if missing). */
export function keyLogWriter(file: string | undefined): ((line: string) => void) | undefined {
  if (file === undefined) return undefined;
  return (line) => appendFileSync(file, `${line}\n`);
}

export interface ServerTLSOptions {
  cert?: string;
  key?: string;
  /** write the certificate in use (PEM) here, for a client's --ca */
  writeCert?: string;
  alpn: string[];
  keylog?: string;
}

export function serverTLSConfig(o: ServerTLSOptions): QUICTLSConfig {
  if ((o.cert === undefined) !== (o.key === undefined)) throw new Error('--cert and --key go together');
  let chain;
  let privateKey;
  if (o.cert !== undefined && o.key !== undefined) {
    chain = parseCertificatesPem(readFileSync(o.cert, 'utf8'));
    privateKey = parsePrivateKeyPem(readFileSync(o.key, 'utf8'));
  } else {
    // ECDSA P-256 with SAN 127.0.0.1, ::1, localhost.
    const self = generateSelfSignedCertificate();
    chain = [self.certificate];
    privateKey = self.privateKey;
  }
  if (o.writeCert !== undefined) writeFileSync(o.writeCert, chain.map((c) => toPem('CERTIFICATE', c.raw)).join(''));
  return { certificates: [{ chain, privateKey }], nextProtos: o.alpn, keyLogWriter: keyLogWriter(o.keylog) };
}

export interface ClientTLSOptions {
  alpn: string[];
  sni?: string;
  /** verify the server's certificate against these roots; without it, skip verification */
  ca?: string;
  keylog?: string;
}

export function clientTLSConfig(o: ClientTLSOptions): QUICTLSConfig {
  return {
    nextProtos: o.alpn,
    serverName: o.sni,
    ...(o.ca === undefined ? { insecureSkipVerify: true } : { rootCAs: parseCertificatesPem(readFileSync(o.ca, 'utf8')) }),
    keyLogWriter: keyLogWriter(o.keylog),
  };
}

/** 0x1301 → TLS_AES_128_GCM_SHA256 */
export function cipherSuiteName(id: number): string {
  return cipherSuiteTLS13ByID(id)?.name ?? `0x${id.toString(16).padStart(4, '0')}`;
}
