// The server reads time from the clock it is given (ARCHITECTURE.md §2), token ages included: a Retry
// token is stamped and checked on the injected clock, so a test can age it without waiting
// (RFC 9000 §8.1.3: a server should expire its tokens).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { maxRetryTokenAge, populateConfig } from '../src/config.ts';
import { generateSelfSignedCertificate } from '../src/internal/x509/index.ts';
import { TokenGenerator } from '../src/internal/handshake/token_generator.ts';
import { PacketType } from '../src/internal/protocol/protocol.ts';
import { ManualClock } from '../src/internal/utils/clock.ts';
import { parsePacket } from '../src/internal/wire/header.ts';
import { listenUDP } from '../src/sys_conn.ts';
import { Transport } from '../src/transport.ts';
import { RawSocket, clientInitial, loopback, serverTLS } from './e2e/net.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

describe('the server on an injected clock', () => {
  it('stamps and ages Retry tokens on that clock', async () => {
    const clock = new ManualClock(1_000_000);
    const key = new Uint8Array(randomBytes(32));
    const socket = await listenUDP(`${loopback}:0`, clock);
    const t = new Transport(socket, { clock, tokenGeneratorKey: key, verifySourceAddress: () => true }, true, false);
    cleanups.push(() => t.close());
    const ln = t.Listen(serverTLS(generateSelfSignedCertificate()), {});
    const client = await RawSocket.open();
    cleanups.push(() => client.close());

    await client.send(clientInitial({ datagramSize: 1200 }).datagram, ln.addr().port);
    const reply = await client.next(2_000);
    expect(reply).toBeDefined();
    const { hdr } = parsePacket(reply!);
    expect(hdr.type).toBe(PacketType.Retry);
    const token = new TokenGenerator(key).decodeToken(hdr.token)!;
    expect(token.sentTime).toBe(clock.wallTime()); // not the wall clock of the machine

    const addr = { address: loopback, port: 1, family: 'IPv4' as const };
    const maxAge = maxRetryTokenAge(populateConfig({}));
    clock.advance(maxAge);
    expect(ln.baseServer.validateToken(token, addr)).toBe(true);
    clock.advance(1);
    expect(ln.baseServer.validateToken(token, addr)).toBe(false);
  });
});
