// Chapter 04 scenario: handlePacketImpl, the server's first look at a packet for a connection that
// does not exist yet. Hand-made datagrams from a bare UDP socket, each stopped by a different check,
// then a real client that gets through to handleInitialImpl.
import { PacketType } from '../../src/internal/protocol/protocol.ts';
import { isReservedVersion, versionName } from '../../src/internal/protocol/version.ts';
import { parseVersionNegotiationPacket } from '../../src/internal/wire/version_negotiation.ts';
import { setTraceSink } from '../../src/trace.ts';
import { connID, dial, hex, listen, longHeaderDatagram, printTrace, RawSocket } from '../00-setup-and-map/lab.ts';

const unknownVersion = 0xff00001d; // draft-29: a version our server does not speak
const raw = await RawSocket.open();
const ln = await listen();
const port = ln.addr().port;
console.log(`server listening on 127.0.0.1:${port}`);
printTrace((e) => e.goroutine === 'server.run' || e.goroutine === 'server.runSendQueue');

async function send(what: string, datagram: Uint8Array): Promise<Uint8Array | undefined> {
  console.log(what);
  await raw.send(datagram, port);
  return raw.next(100);
}

await send('1. an Initial in a datagram of 1199 bytes', longHeaderDatagram({ size: 1199 }));

const scid = connID(4, 0xa0);
const vn = await send(`2. version 0x${unknownVersion.toString(16)}, 1200 bytes`, longHeaderDatagram({ version: unknownVersion, scid, size: 1200 }));
if (vn) {
  const { destConnID, versions } = parseVersionNegotiationPacket(vn);
  const offered = versions.filter((v) => !isReservedVersion(v)).map(versionName);
  const greased = versions.length - offered.length;
  console.log(`   Version Negotiation (${vn.length} bytes): ${offered.join(', ')} and ${greased} reserved (greasing) version`);
  console.log(`   its DCID is our SCID: ${hex(destConnID) === hex(scid)}`);
}

await send(`3. version 0x${unknownVersion.toString(16)}, 1199 bytes`, longHeaderDatagram({ version: unknownVersion, size: 1199 }));
await send('4. a Handshake packet for a connection the server does not know', longHeaderDatagram({ type: PacketType.Handshake, size: 1200 }));
await send('5. a 0-RTT packet, and this is not an early listener', longHeaderDatagram({ type: PacketType.ZeroRTT, size: 1200 }));

console.log('6. our client: a 1280-byte Initial of version 1');
const conn = await dial(ln);
setTraceSink(undefined);
conn.closeWithError(0, '');
raw.close();
ln.close();
