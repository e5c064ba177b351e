import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxByteCount, Perspective } from '../../../src/internal/protocol/protocol.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import {
  marshalTransportParameters,
  unmarshalTransportParameters,
  type TransportParameters,
} from '../../../src/internal/wire/transport_parameters.ts';
import { Reader, Writer } from '../../../src/internal/wire/varint.ts';
import { hex, transportErrorOf } from './helpers.ts';

/** Concatenates (id, value bytes) parameters into the wire format. */
function params(...entries: [number, string][]): Uint8Array {
  const w = new Writer();
  for (const [id, value] of entries) {
    const b = hex(value);
    w.writeVarint(id);
    w.writeVarint(b.length);
    w.writeBytes(b);
  }
  return w.bytes();
}

const isCID: [number, string] = [0x0f, 'aabbccdd'];
const odcid: [number, string] = [0x00, '0102030405060708'];

function expectParamError(data: Uint8Array, sentBy: Perspective, message: RegExp): void {
  const err = transportErrorOf(() => unmarshalTransportParameters(data, sentBy));
  expect(err.errorCode).toBe(TransportErrorCode.TransportParameterError);
  expect(err.message).toMatch(message);
}

describe('transport parameters (RFC 9000 §18)', () => {
  it('parses the client parameters of the RFC 9001 A.2 ClientHello', () => {
    // The quic_transport_parameters extension (0x0039, 50 bytes) in the RFC 9001 A.2 ClientHello.
    const ext = hex('0408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e51570806048000ffff');
    const p = unmarshalTransportParameters(ext, Perspective.Client);
    expect(p.initialMaxData).toBe(2 ** 62 - 1);
    expect(p.initialMaxStreamDataBidiLocal).toBe(65535);
    expect(p.initialMaxStreamDataBidiRemote).toBe(65535);
    expect(p.initialMaxStreamDataUni).toBe(65535);
    expect(p.maxBidiStreamNum).toBe(16);
    expect(p.maxUniStreamNum).toBe(16);
    expect(p.maxIdleTimeout).toBe(30_000);
    expect(Buffer.from(p.initialSourceConnectionID).toString('hex')).toBe('8394c8f03e515708');
    // Defaults for what was not sent.
    expect(p.ackDelayExponent).toBe(3);
    expect(p.maxAckDelay).toBe(25);
    expect(p.activeConnectionIDLimit).toBe(2);
    expect(p.maxUDPPayloadSize).toBe(MaxByteCount);
    expect(p.maxDatagramFrameSize).toBeUndefined();
    expect(p.disableActiveMigration).toBe(false);
  });

  it('skips unknown and greased parameters', () => {
    const p = unmarshalTransportParameters(params([27 + 31 * 5, '0102'], [0x4242, ''], isCID), Perspective.Client);
    expect(p.initialSourceConnectionID).toEqual(hex('aabbccdd'));
  });

  it('raises a received max_idle_timeout to at least 5 s, even 0, as quic-go does; absent stays 0', () => {
    expect(unmarshalTransportParameters(params([0x01, '00'], isCID), Perspective.Client).maxIdleTimeout).toBe(5000);
    expect(unmarshalTransportParameters(params([0x01, '4bb8'], isCID), Perspective.Client).maxIdleTimeout).toBe(5000); // 3000 ms
    expect(unmarshalTransportParameters(params([0x01, '80002710'], isCID), Perspective.Client).maxIdleTimeout).toBe(10_000);
    expect(unmarshalTransportParameters(params(isCID), Perspective.Client).maxIdleTimeout).toBe(0);
  });

  it.each([
    ['original_destination_connection_id', 0x00, '01020304'],
    ['stateless_reset_token', 0x02, '00'.repeat(16)],
    ['preferred_address', 0x0d, '00'.repeat(24) + '04aabbccdd' + '00'.repeat(16)],
    ['retry_source_connection_id', 0x10, '0102'],
  ])('refuses the server-only %s from a client', (name, id, value) => {
    expectParamError(params([id, value], isCID), Perspective.Client, new RegExp(`client sent a ${name}`));
  });

  it.each([
    ['max_udp_payload_size below 1200', [0x03, '44af'], /max_udp_payload_size: 1199/],
    ['ack_delay_exponent above 20', [0x0a, '15'], /ack_delay_exponent: 21/],
    ['max_ack_delay of 2^14', [0x0b, '80004000'], /max_ack_delay: 16384/],
    ['active_connection_id_limit below 2', [0x0e, '01'], /active_connection_id_limit: 1/],
    ['initial_max_streams_bidi above 2^60', [0x08, 'd000000000000200'], /initial_max_streams_bidi/],
    ['initial_max_streams_uni above 2^60', [0x09, 'd000000000000200'], /initial_max_streams_uni/],
    ['a stateless_reset_token of 15 bytes', [0x02, '00'.repeat(15)], /stateless_reset_token/],
    ['a non-empty disable_active_migration', [0x0c, '00'], /inconsistent length/],
    ['a numeric value shorter than its length', [0x04, '0000'], /inconsistent length/],
    ['an empty numeric value', [0x04, ''], /unexpected end/],
    ['a 21-byte connection ID', [0x10, '00'.repeat(21)], /connection ID length/],
    ['a preferred_address with an empty connection ID', [0x0d, '00'.repeat(24) + '00' + '00'.repeat(16)], /connection ID length: 0/],
  ] as const)('refuses %s', (_, param, message) => {
    expectParamError(params(odcid, isCID, [param[0], param[1]]), Perspective.Server, message);
  });

  it('refuses duplicates, missing connection IDs, and truncated input', () => {
    expectParamError(params(odcid, isCID, [0x04, '01'], [0x04, '01']), Perspective.Server, /duplicate transport parameter 0x4/);
    expectParamError(params(odcid), Perspective.Server, /missing initial_source_connection_id/);
    expectParamError(params(isCID), Perspective.Server, /missing original_destination_connection_id/);
    expectParamError(hex('0f08aabb'), Perspective.Client, /unexpected end/);
  });

  const arbParams = (pers: Perspective): fc.Arbitrary<TransportParameters> =>
    fc.record(
      {
        initialMaxStreamDataBidiLocal: fc.maxSafeNat(),
        initialMaxStreamDataBidiRemote: fc.maxSafeNat(),
        initialMaxStreamDataUni: fc.maxSafeNat(),
        initialMaxData: fc.maxSafeNat(),
        maxAckDelay: fc.nat({ max: 2 ** 14 - 1 }),
        ackDelayExponent: fc.nat({ max: 20 }),
        disableActiveMigration: fc.boolean(),
        maxUDPPayloadSize: fc.integer({ min: 1200, max: 65527 }),
        maxUniStreamNum: fc.maxSafeNat(),
        maxBidiStreamNum: fc.maxSafeNat(),
        maxIdleTimeout: fc.integer({ min: 5000, max: 2 ** 40 }),
        originalDestinationConnectionID: pers === Perspective.Server ? fc.uint8Array({ maxLength: 20 }) : fc.constant(new Uint8Array(0)),
        initialSourceConnectionID: fc.uint8Array({ maxLength: 20 }),
        activeConnectionIDLimit: fc.integer({ min: 2, max: 2 ** 40 }),
        maxDatagramFrameSize: fc.nat({ max: 65535 }),
        ...(pers === Perspective.Server
          ? {
              retrySourceConnectionID: fc.uint8Array({ maxLength: 20 }),
              statelessResetToken: fc.uint8Array({ minLength: 16, maxLength: 16 }),
              preferredAddress: fc.record({
                ipv4: fc.uint8Array({ minLength: 4, maxLength: 4 }),
                ipv4Port: fc.nat({ max: 65535 }),
                ipv6: fc.uint8Array({ minLength: 16, maxLength: 16 }),
                ipv6Port: fc.nat({ max: 65535 }),
                connectionID: fc.uint8Array({ minLength: 1, maxLength: 20 }),
                statelessResetToken: fc.uint8Array({ minLength: 16, maxLength: 16 }),
              }),
            }
          : {}),
      },
      { requiredKeys: ['initialMaxStreamDataBidiLocal', 'initialMaxStreamDataBidiRemote', 'initialMaxStreamDataUni', 'initialMaxData', 'maxAckDelay', 'ackDelayExponent', 'disableActiveMigration', 'maxUDPPayloadSize', 'maxUniStreamNum', 'maxBidiStreamNum', 'maxIdleTimeout', 'originalDestinationConnectionID', 'initialSourceConnectionID', 'activeConnectionIDLimit'] },
    ) as fc.Arbitrary<TransportParameters>;

  it.each([
    ['server', Perspective.Server],
    ['client', Perspective.Client],
  ])('round-trips %s parameters, with a grease parameter first (property)', (_, pers) => {
    fc.assert(
      fc.property(arbParams(pers), (p) => {
        const data = marshalTransportParameters(p, pers);
        const greaseID = new Reader(data).readVarint();
        expect((greaseID - 27) % 31).toBe(0);
        expect(unmarshalTransportParameters(data, pers)).toEqual(p);
      }),
    );
  });

  it('never writes server-only parameters as a client', () => {
    const server = unmarshalTransportParameters(params(odcid, isCID, [0x02, '11'.repeat(16)], [0x10, '01']), Perspective.Server);
    const asClient = marshalTransportParameters(server, Perspective.Client);
    const parsed = unmarshalTransportParameters(asClient, Perspective.Client);
    expect(parsed.statelessResetToken).toBeUndefined();
    expect(parsed.retrySourceConnectionID).toBeUndefined();
  });
});
