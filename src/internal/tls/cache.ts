// An intern table of parsed certificates (Go's certCache, crypto/tls cache.go). A client that
// connects to the same server again and again receives the same certificate DER every time; it is
// parsed once, and every connection that holds it shares one Certificate (callers never mutate one).
// An entry lives as long as some connection holds its certificate: the table keeps it only by a
// weak reference, and forgets it once the garbage collector has taken it (as Go's reference
// counts do).
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseCertificate, type Certificate } from '../x509/index.ts';

export class certCache {
  private readonly entries = new Map<string, WeakRef<Certificate>>();
  private readonly forget = new FinalizationRegistry<string>((der) => {
    // A newer parse of the same DER may have taken the entry over since.
    if (this.entries.get(der)?.deref() === undefined) this.entries.delete(der);
  });

  /** The parsed certificate for `der`; throws as parseCertificate does. */
  newCert(der: Uint8Array): Certificate {
    const key = bytesToHex(der); // the DER itself is the key
    const cached = this.entries.get(key)?.deref();
    if (cached) return cached;
    const cert = parseCertificate(der);
    this.entries.set(key, new WeakRef(cert));
    this.forget.register(cert, key);
    return cert;
  }

  /** Certificates in the table now (some may be waiting to be forgotten). */
  get size(): number {
    return this.entries.size;
  }
}

/** The table every client connection of this process shares (Go's globalCertCache). */
export const globalCertCache = new certCache();
