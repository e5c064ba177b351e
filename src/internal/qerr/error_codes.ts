// QUIC transport error codes (RFC 9000 §20.1; quic-go internal/qerr/error_codes.go).

export enum TransportErrorCode {
  NoError = 0x0,
  InternalError = 0x1,
  ConnectionRefused = 0x2,
  FlowControlError = 0x3,
  StreamLimitError = 0x4,
  StreamStateError = 0x5,
  FinalSizeError = 0x6,
  FrameEncodingError = 0x7,
  TransportParameterError = 0x8,
  ConnectionIDLimitError = 0x9,
  ProtocolViolation = 0xa,
  InvalidToken = 0xb,
  ApplicationErrorErrorCode = 0xc,
  CryptoBufferExceeded = 0xd,
  KeyUpdateError = 0xe,
  AEADLimitReached = 0xf,
  NoViablePathError = 0x10,
}

const names: Record<number, string> = {
  0x0: 'NO_ERROR',
  0x1: 'INTERNAL_ERROR',
  0x2: 'CONNECTION_REFUSED',
  0x3: 'FLOW_CONTROL_ERROR',
  0x4: 'STREAM_LIMIT_ERROR',
  0x5: 'STREAM_STATE_ERROR',
  0x6: 'FINAL_SIZE_ERROR',
  0x7: 'FRAME_ENCODING_ERROR',
  0x8: 'TRANSPORT_PARAMETER_ERROR',
  0x9: 'CONNECTION_ID_LIMIT_ERROR',
  0xa: 'PROTOCOL_VIOLATION',
  0xb: 'INVALID_TOKEN',
  0xc: 'APPLICATION_ERROR',
  0xd: 'CRYPTO_BUFFER_EXCEEDED',
  0xe: 'KEY_UPDATE_ERROR',
  0xf: 'AEAD_LIMIT_REACHED',
  0x10: 'NO_VIABLE_PATH',
};

/** CRYPTO_ERROR is 0x100 + the TLS alert (RFC 9001 §4.8). */
export function isCryptoError(code: number): boolean {
  return code >= 0x100 && code < 0x200;
}

/** TLS alert descriptions (RFC 8446 §6), for CRYPTO_ERROR messages. */
export const tlsAlertNames: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export function transportErrorCodeString(code: number): string {
  if (isCryptoError(code)) return `CRYPTO_ERROR 0x${code.toString(16)}`;
  return names[code] ?? `unknown error code: 0x${code.toString(16)}`;
}

/** The alert's description for a CRYPTO_ERROR, '' otherwise. */
export function transportErrorCodeMessage(code: number): string {
  if (!isCryptoError(code)) return '';
  const alert = code - 0x100;
  return tlsAlertNames[alert] ?? `tls: alert(${alert})`;
}
