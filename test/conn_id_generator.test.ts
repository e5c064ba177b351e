// The connection IDs a connection issues (conn_id_generator.ts, quic-go conn_id_generator.go):
// NEW_CONNECTION_ID up to the peer's active_connection_id_limit, each routed through the handler
// map, and the checks on RETIRE_CONNECTION_ID (RFC 9000 §5.1.1, §19.15, §19.16).
import { describe, expect, it } from 'vitest';
import { connIDGenerator } from '../src/conn_id_generator.ts';
import { connIDToHex, type ConnectionID } from '../src/internal/protocol/protocol.ts';
import { MaxIssuedConnectionIDs } from '../src/internal/protocol/params.ts';
import { TransportErrorCode } from '../src/internal/qerr/error_codes.ts';
import { TransportError } from '../src/internal/qerr/errors.ts';
import type { Frame } from '../src/internal/wire/frame.ts';
import type { connRunner, packetHandler } from '../src/packet_handler.ts';

const id = (n: number, len = 4): ConnectionID => new Uint8Array(len).fill(n);

function setup(opts: { connIDLen?: number; clientDCID?: ConnectionID } = {}) {
  const routed = new Set<string>();
  const retired: string[] = [];
  const frames: Frame[] = [];
  let next = 1;
  const runner = {
    add: (c: ConnectionID) => (routed.add(connIDToHex(c)), true),
    retire: (c: ConnectionID) => (routed.delete(connIDToHex(c)), retired.push(connIDToHex(c))),
    getStatelessResetToken: (c: ConnectionID) => new Uint8Array(16).fill(c[0] ?? 0),
  } as unknown as connRunner;
  const len = opts.connIDLen ?? 4;
  const g = new connIDGenerator(id(0, len), opts.clientDCID, runner, {} as packetHandler, (f) => frames.push(f), {
    generateConnectionID: () => id(next++, len),
    connectionIDLen: () => len,
  });
  return { g, routed, retired, frames };
}

const newIDs = (frames: Frame[]) => frames.flatMap((f) => (f.type === 'new_connection_id' ? [f] : []));

describe('connIDGenerator', () => {
  it('issues IDs up to the peer limit, at most MaxIssuedConnectionIDs, each routed and with its reset token', () => {
    const { g, routed, frames } = setup();
    g.setMaxActiveConnIDs(100);
    const issued = newIDs(frames);
    expect(issued.map((f) => f.sequenceNumber)).toEqual([1, 2, 3, 4, 5].slice(0, MaxIssuedConnectionIDs - 1));
    for (const f of issued) {
      expect(routed.has(connIDToHex(f.connectionID))).toBe(true);
      expect(f.statelessResetToken).toEqual(new Uint8Array(16).fill(f.connectionID[0]!));
    }
    expect(g.allConnIDs()).toHaveLength(MaxIssuedConnectionIDs);
  });

  it('issues nothing with zero-length connection IDs (RFC 9000 §5.1.1)', () => {
    const { g, frames } = setup({ connIDLen: 0 });
    g.setMaxActiveConnIDs(4);
    expect(frames).toEqual([]);
  });

  it('replaces a retired ID with a new one, and unroutes it', () => {
    const { g, routed, retired, frames } = setup();
    g.setMaxActiveConnIDs(2);
    const [first] = newIDs(frames);
    g.retire(1, id(0));
    expect(retired).toEqual([connIDToHex(first!.connectionID)]);
    expect(routed.has(connIDToHex(first!.connectionID))).toBe(false);
    expect(newIDs(frames).map((f) => f.sequenceNumber)).toEqual([1, 2]);
    g.retire(1, id(0)); // again: already retired, nothing happens
    expect(newIDs(frames)).toHaveLength(2);
  });

  it('rejects retiring a sequence number never issued, and the ID the packet was sent to (RFC 9000 §19.16)', () => {
    const { g } = setup();
    g.setMaxActiveConnIDs(2);
    const err = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e as TransportError;
      }
      throw new Error('no error');
    };
    expect(err(() => g.retire(2, id(0))).errorCode).toBe(TransportErrorCode.ProtocolViolation);
    expect(err(() => g.retire(1, id(1))).errorCode).toBe(TransportErrorCode.ProtocolViolation);
  });

  it("retires the client's original DCID when the handshake completes", () => {
    const { g, retired } = setup({ clientDCID: id(9, 8) });
    expect(g.allConnIDs()).toContainEqual(id(9, 8));
    g.setHandshakeComplete();
    expect(retired).toEqual([connIDToHex(id(9, 8))]);
    expect(g.allConnIDs()).not.toContainEqual(id(9, 8));
    g.setHandshakeComplete();
    expect(retired).toHaveLength(1);
  });
});
