// The error every certificate check ends with. It carries the TLS alert (RFC 8446 §6.2) that the
// handshake sends when a peer's certificate is refused, as crypto/tls picks it for an x509 error.

/** The alerts a certificate problem maps to (RFC 8446 §6, AlertDescription). */
export const CertificateAlert = {
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateExpired: 45,
  unknownCA: 48,
} as const;

export class CertificateError extends Error {
  constructor(
    message: string,
    readonly alert: number,
  ) {
    super(message);
    this.name = 'CertificateError';
  }
}

/** A malformed encoding: bad_certificate (42). */
export function malformed(message: string): CertificateError {
  return new CertificateError(`x509: malformed ${message}`, CertificateAlert.badCertificate);
}
