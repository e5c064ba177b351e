// Chapter 03 scenario: handleInitialImpl's decisions, one client at a time. A DCID that is too
// short; a Retry and the client's second Initial with its token; a Retry token that has expired
// (INVALID_TOKEN); and a GetConfigForClient that refuses the client (CONNECTION_REFUSED).
import { parsePacket } from '../../src/internal/wire/header.ts';
import { setTraceSink } from '../../src/trace.ts';
import { connID, connectionCloseCode, dial, listen, longHeaderDatagram, printTrace, RawSocket, sealedInitial, sleep } from '../00-setup-and-map/lab.ts';

const serverSteps = (e: { goroutine: string }) => e.goroutine === 'server.run' || e.goroutine === 'server.runSendQueue';
const raw = await RawSocket.open();

// 1. RFC 9000 §7.2: the client's first DCID must have at least 8 bytes. This one has 7.
{
  const ln = await listen();
  console.log('1. an Initial of 1200 bytes with a 7-byte DCID and no token');
  printTrace(serverSteps);
  await raw.send(longHeaderDatagram({ dcid: connID(7), size: 1200 }), ln.addr().port);
  console.log(`   reply: ${(await raw.next(100)) ? 'a datagram' : 'none'}`);
  setTraceSink(undefined);
  ln.close();
}

// 2. A server that validates every address first (Transport.verifySourceAddress): Retry, then
//    the client's second Initial carries the token and gets a connection.
{
  const ln = await listen({ transport: { verifySourceAddress: () => true } });
  console.log('2. verifySourceAddress says yes: our client dials');
  printTrace(serverSteps);
  const conn = await dial(ln);
  const accepted = await ln.accept();
  setTraceSink(undefined);
  console.log(`   handshake complete, accepted; the client's address was validated by the Retry`);
  accepted.closeWithError(0, '');
  conn.closeWithError(0, '');
  ln.close();
}

// 3. A Retry token lives for 2 × handshakeIdleTimeout (here 2 × 50 ms). Use it too late.
{
  const ln = await listen({ transport: { verifySourceAddress: () => true }, config: { handshakeIdleTimeout: 50 } });
  console.log('3. a Retry token used after it expired');
  printTrace(serverSteps);
  await raw.send(sealedInitial({ dcid: connID(8), size: 1200 }), ln.addr().port);
  const retry = parsePacket((await raw.next())!).hdr;
  console.log(`   raw socket: got a Retry with a ${retry.token.length}-byte token; waiting 150 ms`);
  await sleep(150);
  await raw.send(sealedInitial({ dcid: retry.srcConnectionID, token: retry.token, size: 1200 }), ln.addr().port);
  const reply = await raw.next();
  setTraceSink(undefined);
  console.log(`   raw socket: got an Initial with CONNECTION_CLOSE ${reply ? connectionCloseCode(reply, retry.srcConnectionID) : 'nothing'}`);
  ln.close();
}

// 4. GetConfigForClient throws: the client is refused before any connection exists.
{
  const ln = await listen({
    config: {
      getConfigForClient: () => {
        throw new Error('no more clients today');
      },
    },
  });
  console.log('4. GetConfigForClient throws');
  printTrace(serverSteps);
  try {
    await dial(ln, { handshakeIdleTimeout: 1000 });
    console.log('   dial succeeded?');
  } catch (err) {
    setTraceSink(undefined);
    console.log(`   dial failed: ${String(err)}`);
  }
  ln.close();
}
raw.close();
