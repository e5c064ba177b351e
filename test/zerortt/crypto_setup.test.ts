// cryptoSetup's 0-RTT keys, two crypto setups talking directly (no packets): the server's 0-RTT
// opener lives until 3 PTO after the handshake completes, then goes on the next 1-RTT packet
// (quic-go: Get1RTTOpener; RFC 9001 §4.9.3), and the client's sealer goes once 1-RTT keys come.
import { describe, expect, it } from 'vitest';
import { cryptoSetup, type QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { ErrKeysDropped } from '../../src/internal/handshake/aead.ts';
import { Perspective } from '../../src/internal/protocol/protocol.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import type { TransportParameters } from '../../src/internal/wire/transport_parameters.ts';
import { insecureClientTLS, serverTLS } from '../e2e/net.ts';
import { certificate } from '../inmemory/network.ts';
import { ticketCache } from '../../src/cmd/zerortt.ts';

const pto = 100;
const rtt = { pto: () => pto, smoothedRTT: () => 30 };
const params = (scid: number, server: boolean) =>
  ({
    initialMaxStreamDataBidiLocal: 1000,
    initialMaxStreamDataBidiRemote: 1000,
    initialMaxStreamDataUni: 1000,
    initialMaxData: 5000,
    maxBidiStreamNum: 10,
    maxUniStreamNum: 10,
    maxAckDelay: 25,
    ackDelayExponent: 3,
    disableActiveMigration: true,
    maxUDPPayloadSize: 1452,
    maxIdleTimeout: 30_000,
    activeConnectionIDLimit: 4,
    initialSourceConnectionID: Uint8Array.of(scid),
    originalDestinationConnectionID: server ? Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9) : new Uint8Array(0),
  }) as TransportParameters;

/** One handshake; `now` is both sides' clock. Returns the two setups once the ticket is in. */
function handshake(serverTLSConf: QUICTLSConfig, clientTLSConf: QUICTLSConfig, now: { t: number }) {
  const dcid = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9);
  const clock = () => now.t;
  const client = new cryptoSetup(Perspective.Client, dcid, clientTLSConf, params(1, false), rtt, Version1, 'noble', true, clock);
  const server = new cryptoSetup(Perspective.Server, dcid, serverTLSConf, params(2, true), rtt, Version1, 'noble', true, clock);
  const pump = () => {
    for (let moved = true; moved; ) {
      moved = false;
      for (const [from, to] of [
        [client, server],
        [server, client],
      ] as const) {
        for (let ev = from.nextEvent(); ev; ev = from.nextEvent()) {
          if (ev.kind === 'writeData') {
            to.handleMessage(ev.data, ev.level);
            moved = true;
          }
        }
      }
    }
  };
  client.startHandshake();
  server.startHandshake();
  pump();
  server.sendSessionTicket();
  pump();
  return { client, server };
}

describe('0-RTT keys in cryptoSetup', () => {
  it('the server keeps its 0-RTT opener for 3 PTO after completion, then drops it when 1-RTT keys are asked for', () => {
    const now = { t: 1_000 };
    const serverConf = serverTLS(certificate());
    const cache = ticketCache();
    handshake(serverConf, { ...insecureClientTLS(), clientSessionCache: cache }, now);
    expect(cache.size).toBe(1);

    const { client, server } = handshake(serverConf, { ...insecureClientTLS(), clientSessionCache: cache }, now);
    expect(client.connectionState().used0RTT).toBe(true);
    expect(server.connectionState().used0RTT).toBe(true);
    expect(client.get0RTTSealer()).toBeUndefined(); // 1-RTT keys came: the client's 0-RTT keys are gone
    server.discardInitialKeys();

    now.t += 3 * pto;
    expect(server.get1RTTOpener()).toBeDefined();
    expect(server.get0RTTOpener()).toBeDefined(); // reordered 0-RTT packets still open
    now.t += 1;
    expect(server.get1RTTOpener()).toBeDefined();
    expect(() => server.get0RTTOpener()).toThrow(ErrKeysDropped);
  });
});
