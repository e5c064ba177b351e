// The peer's connection IDs (conn_id_manager.ts): the active_connection_id_limit we advertise
// counts the ID in use and the queued ones, after the retire_prior_to of the same frame is applied
// (RFC 9000 §5.1.1, §5.1.2).
import { describe, expect, it } from 'vitest';
import { connIDManager } from '../src/conn_id_manager.ts';
import { connIDGenerator } from '../src/conn_id_generator.ts';
import { MaxActiveConnectionIDs, MaxIssuedConnectionIDs } from '../src/internal/protocol/params.ts';
import { TransportErrorCode } from '../src/internal/qerr/error_codes.ts';
import { TransportError } from '../src/internal/qerr/errors.ts';
import type { Frame, NewConnectionIDFrame } from '../src/internal/wire/frame.ts';

function newManager() {
  const queued: Frame[] = [];
  const m = new connIDManager(Uint8Array.of(0, 0, 0, 0), () => {}, () => {}, (f) => queued.push(f));
  return { m, queued };
}

function frame(seq: number, retirePriorTo = 0): NewConnectionIDFrame {
  return {
    type: 'new_connection_id',
    sequenceNumber: seq,
    retirePriorTo,
    connectionID: Uint8Array.of(seq, seq, seq, seq),
    statelessResetToken: new Uint8Array(16).fill(seq),
  };
}

function limitError(fn: () => void): TransportError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransportError) return err;
    throw err;
  }
  return undefined;
}

describe('active_connection_id_limit (RFC 9000 §5.1.1)', () => {
  it('accepts exactly the limit, counting the ID in use', () => {
    const { m } = newManager();
    for (let seq = 1; seq < MaxActiveConnectionIDs; seq++) m.add(frame(seq));
  });

  it('closes with CONNECTION_ID_LIMIT_ERROR on one ID more than the limit', () => {
    const { m } = newManager();
    for (let seq = 1; seq < MaxActiveConnectionIDs; seq++) m.add(frame(seq));
    const err = limitError(() => m.add(frame(MaxActiveConnectionIDs)));
    expect(err?.errorCode).toBe(TransportErrorCode.ConnectionIDLimitError);
  });

  it('counts after the same frame retires IDs (retire_prior_to, RFC 9000 §5.1.2)', () => {
    const { m, queued } = newManager();
    for (let seq = 1; seq < MaxActiveConnectionIDs; seq++) m.add(frame(seq));
    // Retires 0 (in use) and 1: two leave, one arrives.
    m.add(frame(MaxActiveConnectionIDs, 2));
    expect(m.get()).toEqual(frame(2).connectionID);
    expect(queued.filter((f) => f.type === 'retire_connection_id').map((f) => (f as { sequenceNumber: number }).sequenceNumber).sort()).toEqual([0, 1]);
    // Now 2, 3, 4 are active: one more fits, a second one does not.
    m.add(frame(MaxActiveConnectionIDs + 1));
    const err = limitError(() => m.add(frame(MaxActiveConnectionIDs + 2)));
    expect(err?.errorCode).toBe(TransportErrorCode.ConnectionIDLimitError);
  });

  it('a retransmitted NEW_CONNECTION_ID for a retired sequence number is retired again, not counted', () => {
    const { m, queued } = newManager();
    m.add(frame(1));
    m.add(frame(2, 2));
    queued.length = 0;
    for (let i = 0; i < MaxActiveConnectionIDs + 2; i++) m.add(frame(1));
    expect(queued.every((f) => f.type === 'retire_connection_id')).toBe(true);
    expect(m.get()).toEqual(frame(2).connectionID);
  });
});

describe('the other side: IDs we issue stay within the peer\'s active_connection_id_limit (conn_id_generator.ts)', () => {
  /** A generator whose routed IDs are counted: seq 0 (routed by whoever made it) plus the ones it issued. */
  function newGenerator() {
    let next = 1;
    const routed = new Set<number>();
    const runner = {
      add: (id: Uint8Array) => (routed.add(id[0]!), true),
      retire: (id: Uint8Array) => void routed.delete(id[0]!),
      remove: () => {},
      replaceWithClosed: () => {},
      addResetToken: () => {},
      removeResetToken: () => {},
      getStatelessResetToken: () => new Uint8Array(16),
    };
    const generator = { generateConnectionID: () => Uint8Array.of(next++, 0, 0, 0), connectionIDLen: () => 4 };
    const g = new connIDGenerator(Uint8Array.of(0, 0, 0, 0), undefined, runner, {} as never, () => {}, generator);
    return { g, active: () => 1 + routed.size };
  }

  it.each([2, 3, MaxIssuedConnectionIDs, 100])('peer limit %i: at most that many active, a retirement is replaced one for one', (limit) => {
    const { g, active } = newGenerator();
    g.setMaxActiveConnIDs(limit);
    const expected = Math.min(limit, MaxIssuedConnectionIDs);
    expect(active()).toBe(expected);
    g.retire(1, Uint8Array.of(0xff));
    expect(active()).toBe(expected);
  });
});
