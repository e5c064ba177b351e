import { describe, expect, it } from 'vitest';
import { ApplicationError, TransportError } from '../../../src/internal/qerr/errors.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';

/** The lines after the message: one per captured stack frame. */
const frames = (e: Error) => (e.stack ?? '').split('\n').slice(1).filter((l) => l.trim().startsWith('at '));

describe('qerr errors', () => {
  it('a local transport error keeps its stack: it shows where the violation was found', () => {
    const e = new TransportError({ errorCode: TransportErrorCode.ProtocolViolation, errorMessage: 'bad frame' });
    expect(e.message).toBe('PROTOCOL_VIOLATION (local): bad frame');
    expect(frames(e).length).toBeGreaterThan(0);
  });

  it("the peer's CONNECTION_CLOSE and application errors are values without a stack", () => {
    const remote = new TransportError({ errorCode: TransportErrorCode.FlowControlError, remote: true });
    const app = new ApplicationError({ errorCode: 0x42, errorMessage: 'bye' });
    expect(remote.message).toMatch(/^FLOW_CONTROL_ERROR \(remote\)/);
    expect(app.message).toBe('Application error 0x42 (local): bye');
    expect(frames(remote)).toEqual([]);
    expect(frames(app)).toEqual([]);
    expect(remote).toBeInstanceOf(Error);
  });

  it('leaves Error.stackTraceLimit as it found it', () => {
    const before = Error.stackTraceLimit;
    new ApplicationError({ errorCode: 0, remote: true });
    new TransportError({ errorCode: 1, remote: true });
    expect(Error.stackTraceLimit).toBe(before);
    expect(frames(new Error('plain')).length).toBeGreaterThan(0);
  });
});
