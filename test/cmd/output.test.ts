// What the HLD programs print besides results: the upload's progress bar, the server's close line,
// the reason a dial failed, and the trace's side label.
import { describe, expect, it } from 'vitest';
import { ApplicationError, HandshakeTimeoutError, IdleTimeoutError, TransportError } from '../../src/internal/qerr/errors.ts';
import { closeReason, dialFailure, withProgress } from '../../src/cmd/output.ts';
import { formatTraceEvent } from '../../src/trace.ts';

/** A terminal that records what is written to it. */
function fakeTerminal(): NodeJS.WriteStream & { text: string } {
  const t = { isTTY: true, text: '', write: (s: string) => ((t.text += s), true) };
  return t as unknown as NodeJS.WriteStream & { text: string };
}

/** The bar as last drawn on each line (a `\r` redraws the line). */
const shownLines = (text: string) => text.split('\n').map((l) => l.split('\r').at(-1)!);

describe('withProgress', () => {
  it('ends the bar at 100 % on its own line before the result is printed', async () => {
    const term = fakeTerminal();
    const result = await withProgress(
      1000,
      async (update) => {
        update(10);
        await new Promise((r) => setTimeout(r, 120)); // past the bar's 100 ms throttle
        update(988);
        update(1000); // throttled: not drawn by update
        return 'OK 1000 abc';
      },
      term,
    );
    expect(result).toBe('OK 1000 abc');
    expect(term.text.endsWith('\n')).toBe(true); // the caller's line starts on a fresh line
    const [bar, rest] = shownLines(term.text);
    expect(bar).toMatch(/^\[#{30}\] 100\.0% /);
    expect(rest).toBe('');
  });

  it('a failed upload leaves the bar at the count reached, and the line ended', async () => {
    const term = fakeTerminal();
    const work = async (update: (n: number) => void) => {
      update(500);
      throw new Error('ERR refused');
    };
    await expect(withProgress(1000, work, term)).rejects.toThrow('ERR refused');
    expect(shownLines(term.text)[0]).toMatch(/ 50\.0% /);
    expect(term.text.endsWith('\n')).toBe(true);
  });

  it('prints nothing when the output is not a terminal', async () => {
    const pipe = { ...fakeTerminal(), isTTY: false, text: '' };
    await withProgress(10, async (update) => update(10), pipe as unknown as NodeJS.WriteStream);
    expect(pipe.text).toBe('');
  });
});

describe('closeReason', () => {
  it('a close with code 0 from the client is an ordinary goodbye', () => {
    expect(closeReason(new ApplicationError({ errorCode: 0, remote: true }))).toBe('closed by the client');
    expect(closeReason(new TransportError({ errorCode: 0, remote: true }))).toBe('closed by the client');
  });

  it('any other reason is reported as the error it is', () => {
    expect(closeReason(new ApplicationError({ errorCode: 0x10, remote: true }))).toBe('closed: Application error 0x10 (remote)');
    expect(closeReason(new IdleTimeoutError())).toBe('closed: timeout: no recent network activity');
  });
});

describe('dialFailure', () => {
  it('silence during the handshake: no answer from the address', () => {
    expect(dialFailure(new IdleTimeoutError(), '127.0.0.1:9')).toBe(
      'no answer from 127.0.0.1:9 (timeout: no recent network activity): is a server listening there?',
    );
  });

  it('other failures keep their reason', () => {
    expect(dialFailure(new HandshakeTimeoutError(), '127.0.0.1:9')).toBe('handshake failed: timeout: handshake did not complete in time');
  });
});

describe('formatTraceEvent', () => {
  it('shows the event\'s side, or the process\'s when the event has none', () => {
    expect(formatTraceEvent({ t: 1.25, side: 'server', goroutine: 'server.run', step: 'handlePacketImpl' })).toBe(
      '     1.3ms  server  server.run       handlePacketImpl',
    );
    expect(formatTraceEvent({ t: 2, goroutine: 'connection.run', step: 'x' }, 'client')).toBe('     2.0ms  client  connection.run   x');
    expect(formatTraceEvent({ t: 2, goroutine: 'connection.run', step: 'x' })).toBe('     2.0ms  connection.run   x');
  });
});
