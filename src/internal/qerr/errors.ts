// The errors a QUIC connection ends with (quic-go internal/qerr/errors.go). Their messages are
// quic-go's, so a learner can search for them in either code base.
import { bytesToHex } from '@noble/hashes/utils.js';
import { TransportErrorCode, transportErrorCodeMessage, transportErrorCodeString } from './error_codes.ts';

function role(remote: boolean): string {
  return remote ? 'remote' : 'local';
}

/*
 * Errors that describe how a connection ended, as values (quic-go's are plain Go values), are built
 * without a stack trace: the peer's CONNECTION_CLOSE, whose stack would only show our frame handler,
 * and application errors, which the application raised itself. V8 captures a stack in Error's
 * constructor, through the whole await chain: tens of microseconds on every connection that closes.
 * Our own transport errors keep theirs: they show where a violation was found.
 */
function suspendStackTraces(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return limit;
}

function resumeStackTraces(limit: number | undefined): void {
  if (limit !== undefined) Error.stackTraceLimit = limit;
}

/** A transport error: ours (local) or the peer's CONNECTION_CLOSE 0x1c (remote). */
export class TransportError extends Error {
  readonly remote: boolean;
  readonly frameType: number;
  readonly errorCode: number;
  readonly errorMessage: string;

  constructor(init: { errorCode: number; errorMessage?: string; frameType?: number; remote?: boolean; cause?: unknown }) {
    const remote = init.remote ?? false;
    const frameType = init.frameType ?? 0;
    const errorMessage = init.errorMessage ?? '';
    let str = `${transportErrorCodeString(init.errorCode)} (${role(remote)})`;
    if (frameType !== 0) str += ` (frame type: 0x${frameType.toString(16)})`;
    const msg = errorMessage || transportErrorCodeMessage(init.errorCode);
    const limit = remote ? suspendStackTraces() : undefined;
    super(msg ? `${str}: ${msg}` : str, init.cause === undefined ? undefined : { cause: init.cause });
    resumeStackTraces(limit);
    this.name = 'TransportError';
    this.remote = remote;
    this.frameType = frameType;
    this.errorCode = init.errorCode;
    this.errorMessage = errorMessage;
  }
}

/** A CRYPTO_ERROR raised by our TLS stack: 0x100 + the alert (RFC 9001 §4.8). */
export function newLocalCryptoError(alert: number, message?: string): TransportError {
  return new TransportError({ errorCode: 0x100 + alert, errorMessage: message });
}

/** A protocol error found while parsing: FRAME_ENCODING_ERROR, TRANSPORT_PARAMETER_ERROR, … */
export function protocolError(code: TransportErrorCode, message: string, frameType = 0): TransportError {
  return new TransportError({ errorCode: code, errorMessage: message, frameType });
}

/** An application error: CONNECTION_CLOSE 0x1d, or closeWithError(code, reason). */
export class ApplicationError extends Error {
  readonly remote: boolean;
  readonly errorCode: number;
  readonly errorMessage: string;

  constructor(init: { errorCode: number; errorMessage?: string; remote?: boolean }) {
    const remote = init.remote ?? false;
    const code = `0x${init.errorCode.toString(16)}`;
    const msg = init.errorMessage ?? '';
    const limit = suspendStackTraces();
    super(msg ? `Application error ${code} (${role(remote)}): ${msg}` : `Application error ${code} (${role(remote)})`);
    resumeStackTraces(limit);
    this.name = 'ApplicationError';
    this.remote = remote;
    this.errorCode = init.errorCode;
    this.errorMessage = msg;
  }
}

/** Raised when the idle timeout (5 s during, 30 s after the handshake by default) expires. */
export class IdleTimeoutError extends Error {
  readonly timeout = true;
  constructor() {
    super('timeout: no recent network activity');
    this.name = 'IdleTimeoutError';
  }
}

/** Raised when the handshake takes longer than 2 × HandshakeIdleTimeout (10 s by default). */
export class HandshakeTimeoutError extends Error {
  readonly timeout = true;
  constructor() {
    super('timeout: handshake did not complete in time');
    this.name = 'HandshakeTimeoutError';
  }
}

/** The client and the server share no version (RFC 9000 §6). */
export class VersionNegotiationError extends Error {
  constructor(readonly ours: readonly number[], readonly theirs: readonly number[]) {
    const fmt = (vs: readonly number[]) => `[${vs.map((v) => `0x${(v >>> 0).toString(16)}`).join(' ')}]`;
    super(`no compatible QUIC version found (we support ${fmt(ours)}, server offered ${fmt(theirs)})`);
    this.name = 'VersionNegotiationError';
  }
}

/** We received a stateless reset (RFC 9000 §10.3). */
export class StatelessResetError extends Error {
  constructor(readonly token: Uint8Array) {
    super(`received a stateless reset with token ${bytesToHex(token)}`);
    this.name = 'StatelessResetError';
  }
}
