// Frames that carry opaque bytes for the connection to check later:
// NEW_TOKEN (RFC 9000 §19.7): Type 0x07, Token Length, Token — an address-validation token for a
//   future connection (quic-go: new_token_frame.go).
// PATH_CHALLENGE / PATH_RESPONSE (RFC 9000 §19.17, §19.18): Type 0x1a / 0x1b, 8 bytes of Data
//   (quic-go: path_challenge_frame.go, path_response_frame.go).
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { FrameType, type NewTokenFrame, type PathChallengeFrame, type PathResponseFrame } from './frame.ts';
import type { ByteSink, Reader } from './varint.ts';

export function parseNewTokenFrame(r: Reader): NewTokenFrame {
  const token = r.readBytes(r.readVarint());
  if (token.length === 0) throw protocolError(TransportErrorCode.FrameEncodingError, 'token must not be empty');
  return { type: 'new_token', token };
}

export function writeNewTokenFrame(w: ByteSink, f: NewTokenFrame): void {
  w.writeUint8(FrameType.NewToken);
  w.writeVarint(f.token.length);
  w.writeBytes(f.token);
}

const pathDataLen = 8;

export function parsePathFrame(r: Reader, typ: number): PathChallengeFrame | PathResponseFrame {
  const data = r.readBytes(pathDataLen);
  return { type: typ === FrameType.PathChallenge ? 'path_challenge' : 'path_response', data };
}

export function writePathFrame(w: ByteSink, f: PathChallengeFrame | PathResponseFrame): void {
  if (f.data.length !== pathDataLen) throw new Error(`${f.type} data must be ${pathDataLen} bytes, not ${f.data.length}`);
  w.writeUint8(f.type === 'path_challenge' ? FrameType.PathChallenge : FrameType.PathResponse);
  w.writeBytes(f.data);
}
