// The transport parameters a session ticket remembers, and the two comparisons 0-RTT rests on
// (RFC 9000 §7.4.1; quic-go: MarshalForSessionTicket, ValidFor0RTT, ValidForUpdate).
import { describe, expect, it } from 'vitest';
import { Writer } from '../../src/internal/wire/varint.ts';
import {
  marshalForSessionTicket,
  unmarshalFromSessionTicket,
  validFor0RTT,
  validForUpdate,
  type TransportParameters,
} from '../../src/internal/wire/transport_parameters.ts';
import { marshalSessionTicket, unmarshalSessionTicket } from '../../src/internal/handshake/session_ticket.ts';

const saved = {
  initialMaxStreamDataBidiLocal: 1000,
  initialMaxStreamDataBidiRemote: 2000,
  initialMaxStreamDataUni: 3000,
  initialMaxData: 4000,
  maxBidiStreamNum: 10,
  maxUniStreamNum: 20,
  maxDatagramFrameSize: 1200,
  activeConnectionIDLimit: 4,
} as TransportParameters;

const limits = ['initialMaxStreamDataBidiLocal', 'initialMaxStreamDataBidiRemote', 'initialMaxStreamDataUni', 'initialMaxData', 'maxBidiStreamNum', 'maxUniStreamNum', 'maxDatagramFrameSize'] as const;

describe('the parameters in a session ticket', () => {
  it('round-trips the limits 0-RTT uses, and nothing else', () => {
    const w = new Writer();
    marshalForSessionTicket({ ...saved, maxIdleTimeout: 30_000 }, w);
    expect(unmarshalFromSessionTicket(w.bytes())).toMatchObject(saved);
    expect(unmarshalFromSessionTicket(w.bytes()).maxIdleTimeout).toBe(0);
  });

  it('refuses another encoding version', () => {
    const w = new Writer();
    marshalForSessionTicket(saved, w);
    const b = w.bytes().slice();
    b[0] = 2;
    expect(() => unmarshalFromSessionTicket(b)).toThrow(/marshaling version/);
  });

  it('a session ticket holds the RTT, and the parameters only for 0-RTT', () => {
    const t = unmarshalSessionTicket(marshalSessionTicket({ rtt: 12.5, parameters: saved }), true);
    expect(t.rtt).toBe(12.5);
    expect(t.parameters).toMatchObject(saved);
    expect(() => unmarshalSessionTicket(marshalSessionTicket({ rtt: 1, parameters: saved }), false)).toThrow(/more bytes/);
    expect(unmarshalSessionTicket(marshalSessionTicket({ rtt: 1 }), false)).toEqual({ rtt: 1 });
  });
});

describe('validFor0RTT (server) and validForUpdate (client)', () => {
  it('hold for the same parameters and for larger limits', () => {
    expect(validFor0RTT(saved, saved)).toBe(true);
    expect(validForUpdate(saved, saved)).toBe(true);
    for (const k of limits) {
      expect(validFor0RTT({ ...saved, [k]: saved[k]! + 1 }, saved)).toBe(true);
      expect(validForUpdate({ ...saved, [k]: saved[k]! + 1 }, saved)).toBe(true);
    }
  });

  it.each(limits)('fail when %s shrank', (k) => {
    expect(validFor0RTT({ ...saved, [k]: saved[k]! - 1 }, saved)).toBe(false);
    expect(validForUpdate({ ...saved, [k]: saved[k]! - 1 }, saved)).toBe(false);
  });

  it('fail when DATAGRAM support went away', () => {
    expect(validFor0RTT({ ...saved, maxDatagramFrameSize: undefined }, saved)).toBe(false);
    expect(validForUpdate({ ...saved, maxDatagramFrameSize: undefined }, saved)).toBe(false);
    expect(validFor0RTT(saved, { ...saved, maxDatagramFrameSize: undefined })).toBe(true);
  });

  it('active_connection_id_limit: the server keeps it exactly, the client accepts a larger one', () => {
    expect(validFor0RTT({ ...saved, activeConnectionIDLimit: 5 }, saved)).toBe(false);
    expect(validForUpdate({ ...saved, activeConnectionIDLimit: 5 }, saved)).toBe(true);
    expect(validForUpdate({ ...saved, activeConnectionIDLimit: 3 }, saved)).toBe(false);
  });
});
