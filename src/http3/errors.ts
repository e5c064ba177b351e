// HTTP/3 and QPACK error codes (RFC 9114 §8.1, RFC 9204 §6; quic-go: http3/error_codes.go) and the
// error that carries one. A connection error closes the QUIC connection with the code
// (CONNECTION_CLOSE 0x1d); a stream error resets the request stream with it (RFC 9114 §8).

export enum ErrCode {
  NoError = 0x100,
  GeneralProtocolError = 0x101,
  InternalError = 0x102,
  StreamCreationError = 0x103,
  ClosedCriticalStream = 0x104,
  FrameUnexpected = 0x105,
  FrameError = 0x106,
  ExcessiveLoad = 0x107,
  IDError = 0x108,
  SettingsError = 0x109,
  MissingSettings = 0x10a,
  RequestRejected = 0x10b,
  RequestCanceled = 0x10c,
  RequestIncomplete = 0x10d,
  MessageError = 0x10e,
  ConnectError = 0x10f,
  VersionFallback = 0x110,
  QPACKDecompressionFailed = 0x200,
  QPACKEncoderStreamError = 0x201,
  QPACKDecoderStreamError = 0x202,
}

const names: Record<number, string> = {
  [ErrCode.NoError]: 'H3_NO_ERROR',
  [ErrCode.GeneralProtocolError]: 'H3_GENERAL_PROTOCOL_ERROR',
  [ErrCode.InternalError]: 'H3_INTERNAL_ERROR',
  [ErrCode.StreamCreationError]: 'H3_STREAM_CREATION_ERROR',
  [ErrCode.ClosedCriticalStream]: 'H3_CLOSED_CRITICAL_STREAM',
  [ErrCode.FrameUnexpected]: 'H3_FRAME_UNEXPECTED',
  [ErrCode.FrameError]: 'H3_FRAME_ERROR',
  [ErrCode.ExcessiveLoad]: 'H3_EXCESSIVE_LOAD',
  [ErrCode.IDError]: 'H3_ID_ERROR',
  [ErrCode.SettingsError]: 'H3_SETTINGS_ERROR',
  [ErrCode.MissingSettings]: 'H3_MISSING_SETTINGS',
  [ErrCode.RequestRejected]: 'H3_REQUEST_REJECTED',
  [ErrCode.RequestCanceled]: 'H3_REQUEST_CANCELLED',
  [ErrCode.RequestIncomplete]: 'H3_REQUEST_INCOMPLETE',
  [ErrCode.MessageError]: 'H3_MESSAGE_ERROR',
  [ErrCode.ConnectError]: 'H3_CONNECT_ERROR',
  [ErrCode.VersionFallback]: 'H3_VERSION_FALLBACK',
  [ErrCode.QPACKDecompressionFailed]: 'QPACK_DECOMPRESSION_FAILED',
  [ErrCode.QPACKEncoderStreamError]: 'QPACK_ENCODER_STREAM_ERROR',
  [ErrCode.QPACKDecoderStreamError]: 'QPACK_DECODER_STREAM_ERROR',
};

/** "H3_FRAME_UNEXPECTED", or "unknown error code 0x…" (quic-go's ErrCode.String). */
export function errCodeName(code: number): string {
  return names[code] ?? `unknown error code 0x${code.toString(16)}`;
}

/** An HTTP/3 or QPACK error: the code the RFCs name, and what went wrong. */
export class H3Error extends Error {
  constructor(
    readonly code: ErrCode,
    message: string,
  ) {
    super(`${errCodeName(code)}: ${message}`);
    this.name = 'H3Error';
  }
}

/** QPACK_DECOMPRESSION_FAILED: a field section we cannot decode (RFC 9204 §2.2.3). */
export function decompressionFailed(message: string): H3Error {
  return new H3Error(ErrCode.QPACKDecompressionFailed, message);
}
