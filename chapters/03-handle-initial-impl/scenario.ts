// Chapter 03 scenario: handleInitialImpl's decisions, one client at a time. A DCID that is too
// short; a Retry and the client's second Initial with its token; a returning client's NEW_TOKEN
// token, ignored at v0.47.0's default and accepted with maxTokenAge set; a Retry token that has
// expired (INVALID_TOKEN); and a GetConfigForClient that refuses the client (CONNECTION_REFUSED).
import { randomBytes } from 'node:crypto';
import { parsePacket } from '../../src/internal/wire/header.ts';
import { newLRUTokenStore, type ClientToken, type TokenStore } from '../../src/token_store.ts';
import { setTraceSink } from '../../src/trace.ts';
import { connID, connectionCloseCode, dial, listen, longHeaderDatagram, patientClock, printTrace, RawSocket, sealedInitial, sleep, within, type Connection } from '../00-setup-and-map/lab.ts';
import type { Listener } from '../../src/server.ts';

const serverSteps = (e: { goroutine: string }) => e.goroutine === 'server.run' || e.goroutine === 'server.runSendQueue';
const raw = await RawSocket.open();

/** The client's token store (quic-go's NewLRUTokenStore), saying what the client puts and takes. */
class printingTokenStore implements TokenStore {
  private readonly store = newLRUTokenStore(1, 1);
  private wake: (() => void) | undefined;

  put(key: string, token: ClientToken): void {
    console.log(`   client: keeps a ${token.data.length}-byte NEW_TOKEN token for ${key}`);
    this.store.put(key, token);
    this.wake?.();
  }

  pop(key: string): ClientToken | undefined {
    const token = this.store.pop(key);
    if (token) console.log(`   client: its Initial carries the ${token.data.length}-byte token for ${key}`);
    return token;
  }

  /** Resolves once the next NEW_TOKEN is kept: the server sends it when its handshake completes. */
  nextPut(): Promise<void> {
    return within(new Promise<void>((r) => (this.wake = r)), 5000, 'NEW_TOKEN');
  }
}

/**
 * Our client dials with the token store and waits for the server's NEW_TOKEN; both ends close. Its
 * patientClock keeps it from sending an Initial twice on a busy machine.
 */
async function visit(ln: Listener, tokenStore: printingTokenStore): Promise<void> {
  const tokenKept = tokenStore.nextPut();
  const conn: Connection = await dial(ln, { tokenStore, clock: patientClock });
  const accepted = await ln.accept();
  await tokenKept;
  accepted.closeWithError(0, '');
  conn.closeWithError(0, '');
}

// 1. RFC 9000 §7.2: the client's first DCID must have at least 8 bytes. This one has 7.
{
  const ln = await listen();
  console.log('1. an Initial of 1200 bytes with a 7-byte DCID and no token');
  const verdict = printTrace(serverSteps).verdict();
  await raw.send(longHeaderDatagram({ dcid: connID(7), size: 1200 }), ln.addr().port);
  console.log(`   reply: ${(await verdict).startsWith('sent') ? 'a datagram' : 'none'}`);
  setTraceSink(undefined);
  ln.close();
}

// 2-4. A server that validates every address first (Transport.verifySourceAddress), and a client
//      that keeps the servers' tokens (Config.tokenStore; RFC 9000 §8.1.3).
const tokenGeneratorKey = randomBytes(32);
const tokenStore = new printingTokenStore();
{
  // 2. Retry, then the client's second Initial carries the Retry token and gets a connection.
  //    Once the handshake is complete the server sends a NEW_TOKEN frame, which the client keeps.
  const ln = await listen({ transport: { verifySourceAddress: () => true, tokenGeneratorKey } });
  console.log('2. verifySourceAddress says yes: our client dials');
  printTrace(serverSteps);
  await visit(ln, tokenStore);
  setTraceSink(undefined);
  console.log(`   handshake complete, accepted; the client's address was validated by the Retry`);

  // 3. The client comes back with that token. maxTokenAge is unset, 0 at v0.47.0: the token is
  //    ignored, and the client gets a Retry again.
  console.log('3. the client comes back; maxTokenAge is unset (v0.47.0: 0)');
  printTrace(serverSteps);
  await visit(ln, tokenStore);
  setTraceSink(undefined);
  ln.close();
}
{
  // 4. The server restarts with maxTokenAge set and the same token key, and the client comes back
  //    with the token of part 3: its address is validated without a Retry.
  const ln = await listen({
    transport: { verifySourceAddress: () => true, tokenGeneratorKey, maxTokenAge: 24 * 3600_000 },
    config: { getConfigForClient: (info) => (console.log(`   getConfigForClient: addrVerified ${info.addrVerified}`), {}) },
  });
  console.log('4. the server restarts with maxTokenAge = 24 h; the client comes back');
  printTrace(serverSteps);
  await visit(ln, tokenStore);
  setTraceSink(undefined);
  ln.close();
}

// 5. A Retry token lives for 2 × handshakeIdleTimeout (here 2 × 50 ms). Use it too late.
{
  const ln = await listen({ transport: { verifySourceAddress: () => true }, config: { handshakeIdleTimeout: 50 } });
  console.log('5. a Retry token used after it expired');
  printTrace(serverSteps);
  await raw.send(sealedInitial({ dcid: connID(8), size: 1200 }), ln.addr().port);
  const retry = parsePacket((await raw.next(5000))!).hdr;
  console.log(`   raw socket: got a Retry with a ${retry.token.length}-byte token; waiting 150 ms`);
  await sleep(150);
  await raw.send(sealedInitial({ dcid: retry.srcConnectionID, token: retry.token, size: 1200 }), ln.addr().port);
  const reply = await raw.next(5000);
  setTraceSink(undefined);
  console.log(`   raw socket: got an Initial with CONNECTION_CLOSE ${reply ? connectionCloseCode(reply, retry.srcConnectionID) : 'nothing'}`);
  ln.close();
}

// 6. GetConfigForClient throws: the client is refused before any connection exists.
{
  const ln = await listen({
    config: {
      getConfigForClient: () => {
        throw new Error('no more clients today');
      },
    },
  });
  console.log('6. GetConfigForClient throws');
  printTrace(serverSteps);
  try {
    await dial(ln, { handshakeIdleTimeout: 1000, clock: patientClock });
    console.log('   dial succeeded?');
  } catch (err) {
    setTraceSink(undefined);
    console.log(`   dial failed: ${String(err)}`);
  }
  ln.close();
}
raw.close();
