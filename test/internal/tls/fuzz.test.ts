// Mutated handshake messages must end in a TransportError (a TLS alert), never in another
// exception: the parsers and both state machines are fed thousands of damaged messages.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EncryptionLevel } from '../../../src/internal/protocol/protocol.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { isCryptoError } from '../../../src/internal/qerr/error_codes.ts';
import { CurveID } from '../../../src/internal/tls/common.ts';
import * as messages from '../../../src/internal/tls/handshake_messages.ts';
import { quicClient, quicServer } from '../../../src/internal/tls/quic_conn.ts';
import type { ClientSessionState } from '../../../src/internal/tls/session_ticket.ts';
import { clientConfig, connect, pump, serverConfig, writes } from './pump.ts';
import * as v from './rfc8448_vectors.ts';

const parsers = [
  messages.parseClientHello,
  messages.parseServerHello,
  messages.parseEncryptedExtensions,
  messages.parseCertificate,
  messages.parseCertificateVerify,
  messages.parseFinished,
  messages.parseNewSessionTicket,
];

/** Messages from a real handshake with HRR and resumption, and from RFC 8448. */
function corpus() {
  const cache = new Map<string, ClientSessionState>();
  const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(3) });
  const first = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg);
  first.server.conn.sendSessionTicket({ earlyData: true });
  pump(first.client, first.server, { start: false });
  const hrr = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), { ...serverCfg, curvePreferences: [CurveID.secp256r1] });
  const all = [first, hrr].flatMap(({ client, server }) =>
    [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRTT].flatMap((l) => [...writes(client.events, l), ...writes(server.events, l)]),
  );
  return {
    clientHellos: writes(hrr.client.events, EncryptionLevel.Initial),
    serverFlight: { initial: writes(first.server.events, EncryptionLevel.Initial), handshake: writes(first.server.events, EncryptionLevel.Handshake) },
    all: [...all, v.clientHello, v.serverHello, v.encryptedExtensions, v.certificate, v.certificateVerify, v.serverFinished, v.newSessionTicket, v.resumption.clientHello],
  };
}

const { clientHellos, serverFlight, all } = corpus();
const fuzzServerConfig = serverConfig();

type Mutation = { kind: 'flip' | 'set' | 'insert' | 'delete' | 'truncate'; at: number; byte: number };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'set', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutate(base: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(base);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') b[at] = (b[at] ?? 0) ^ (1 << (m.byte % 8));
    else if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else if (m.kind === 'delete') b.splice(at, 1);
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

/** Also keeps the uint24 length consistent half of the time, so mutations reach the body's parser. */
function fixLength(b: Uint8Array): Uint8Array {
  if (b.length < 4) return b;
  const n = b.length - 4;
  const out = b.slice();
  out.set([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff], 1);
  return out;
}

/** QUICConn turns any other exception into internal_error (80): for peer input that would be a bug. */
function onlyTransportErrors(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof TransportError) || !isCryptoError(e.errorCode) || e.errorCode === 0x100 + 80) throw e;
  }
}

const damaged = (bases: Uint8Array[]) =>
  fc.tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([base, ms, fix]) => {
    const m = mutate(base, ms);
    return fix ? fixLength(m) : m;
  });

describe('fuzzing', () => {
  it('the message parsers throw only TransportErrors', () => {
    fc.assert(
      fc.property(damaged(all), (msg) => {
        for (const parse of parsers) onlyTransportErrors(() => parse(msg));
      }),
      { numRuns: 5000 },
    );
  });

  it('a server fed damaged ClientHellos fails only with TransportErrors', () => {
    fc.assert(
      fc.property(damaged(clientHellos), (msg) => {
        const server = quicServer(fuzzServerConfig);
        server.start();
        onlyTransportErrors(() => server.handleData(EncryptionLevel.Initial, msg));
      }),
      { numRuns: 1000 },
    );
  });

  it('a client fed a damaged server flight fails only with TransportErrors', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(serverFlight.initial[0]!), damaged(serverFlight.initial)), damaged(serverFlight.handshake), (sh, rest) => {
        const client = quicClient(clientConfig());
        client.start();
        onlyTransportErrors(() => {
          client.handleData(EncryptionLevel.Initial, sh);
          client.handleData(EncryptionLevel.Handshake, rest);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('every message of the corpus parses, with the parser of its type', () => {
    const parses = (msg: Uint8Array) =>
      parsers.filter((parse) => {
        try {
          parse(msg);
          return true;
        } catch {
          return false;
        }
      }).length;
    expect(all.map(parses)).toEqual(all.map(() => 1));
  });
});
