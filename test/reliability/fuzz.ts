// A fuzz pass over the whole receive path: datagrams that are random, mutated, correctly sealed
// Initials around random frames, or real datagrams followed by bytes that are no packet, go into a
// live Transport through an in-memory socket, on the server side (a Listener) and on the client side
// (a connection mid-handshake). Used by fuzz.test.ts (5,000 datagrams) and scripts/fuzz.ts (10^6).
import { newInitialAEAD } from '../../src/internal/handshake/initial_aead.ts';
import { MinInitialPacketSize, Perspective, PacketType, type ConnectionID } from '../../src/internal/protocol/protocol.ts';
import { RetiredConnectionIDDeleteTimeout } from '../../src/internal/protocol/params.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { appendLongHeader } from '../../src/internal/wire/extended_header.ts';
import { Writer } from '../../src/internal/wire/varint.ts';
import { ErrClosed, type rawConn, type receivedPacket, type UDPAddr } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { seededRandom } from './relay.ts';
import { clientTLS, serverTLS } from './helpers.ts';

const peer: UDPAddr = { address: '127.0.0.1', port: 4433, family: 'IPv4' };

/**
 * An Initial packet as `from` would send it, sealed with the Initial keys of `keyConnID` (the DCID
 * of the client's first Initial, RFC 9001 §5.2), by default its own DCID.
 */
export function sealInitial(
  dcid: ConnectionID,
  scid: ConnectionID,
  from: Perspective,
  pn: number,
  pnLen: 1 | 2 | 3 | 4,
  payload: Uint8Array,
  keyConnID = dcid,
): Uint8Array {
  const [sealer] = newInitialAEAD(keyConnID, from, Version1, 'node');
  const w = new Writer(64);
  appendLongHeader(w, {
    type: PacketType.Initial,
    version: Version1,
    destConnectionID: dcid,
    srcConnectionID: scid,
    length: pnLen + payload.length + sealer.overhead(),
    packetNumber: pn,
    packetNumberLen: pnLen,
  });
  const header = w.bytes();
  const sealed = sealer.seal(payload, pn, header);
  const packet = new Uint8Array(header.length + sealed.length);
  packet.set(header);
  packet.set(sealed, header.length);
  sealer.encryptHeader(packet, header.length - pnLen);
  return packet;
}

/** A rawConn fed by the fuzzer; what the Transport writes is kept (the first writes seed the corpus). */
export class FuzzConn implements rawConn {
  private readonly queue: receivedPacket[] = [];
  private waiter: ((p: receivedPacket | undefined) => void) | undefined;
  private closed = false;
  readonly written: Uint8Array[] = [];

  inject(data: Uint8Array): void {
    const p = { remoteAddr: peer, rcvTime: performance.now(), data };
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(p);
    } else this.queue.push(p);
  }

  async readPacket(): Promise<receivedPacket> {
    const p = this.queue.shift() ?? (this.closed ? undefined : await new Promise<receivedPacket | undefined>((r) => (this.waiter = r)));
    if (!p) throw new ErrClosed();
    return p;
  }

  writePacket(data: Uint8Array): void {
    if (this.written.length < 64) this.written.push(Uint8Array.from(data));
  }

  localAddr(): UDPAddr {
    return { address: '127.0.0.1', port: 443, family: 'IPv4' };
  }

  close(): void {
    this.closed = true;
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  /** Lets the Transport's read loop take everything queued. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await new Promise((r) => setImmediate(r));
  }
}

/** Makes fuzz datagrams from one seed. */
export class DatagramFactory {
  private readonly random: () => number;
  constructor(
    seed: number,
    private readonly corpus: Uint8Array[],
  ) {
    this.random = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  /** Bit flips, byte overwrites, truncation or extension of a corpus datagram. */
  mutate(src: Uint8Array): Uint8Array {
    let d = Uint8Array.from(src);
    const edits = 1 + this.int(4);
    for (let i = 0; i < edits; i++) {
      switch (this.int(4)) {
        case 0:
          d[this.int(d.length)]! ^= 1 << this.int(8);
          break;
        case 1:
          d[this.int(d.length)] = this.int(256);
          break;
        case 2:
          d = d.subarray(0, 1 + this.int(d.length));
          break;
        default: {
          const e = new Uint8Array(d.length + 1 + this.int(64));
          e.set(d);
          e.set(this.bytes(e.length - d.length), d.length);
          d = e;
        }
      }
    }
    return d;
  }

  /** A frame payload: random bytes, or frame types with random contents. */
  payload(): Uint8Array {
    const w = new Writer(256);
    const frames = 1 + this.int(4);
    for (let i = 0; i < frames; i++) {
      switch (this.int(5)) {
        case 0: // CRYPTO with a handshake-message-shaped body
          w.writeUint8(0x06);
          w.writeVarint(this.int(3) === 0 ? this.int(1 << 20) : 0);
          {
            const body = this.bytes(this.int(300));
            if (body.length > 0) body[0] = 1 + this.int(2); // ClientHello / ServerHello
            w.writeVarint(body.length);
            w.writeBytes(body);
          }
          break;
        case 1: // ACK with random fields
          w.writeUint8(0x02);
          for (let j = 0; j < 4; j++) w.writeVarint(this.int(1 << (2 * this.int(15))));
          break;
        case 2: // any frame type followed by random bytes
          w.writeVarint(this.int(0x40));
          w.writeBytes(this.bytes(this.int(40)));
          break;
        case 3: // PING and PADDING
          w.writeUint8(0x01);
          w.writeBytes(new Uint8Array(this.int(20)));
          break;
        default:
          w.writeBytes(this.bytes(this.int(100)));
      }
    }
    return w.bytes();
  }

  /** An Initial correctly sealed with the keys for `dcid`, carrying a random payload, padded past 1200 bytes. */
  sealedInitial(dcid: ConnectionID, scid: ConnectionID, from: Perspective): Uint8Array {
    let payload = this.payload();
    // RFC 9000 §14.1: a server ignores a client Initial in a datagram under 1200 bytes.
    if (payload.length < MinInitialPacketSize) {
      const padded = new Uint8Array(MinInitialPacketSize);
      padded.set(payload);
      payload = padded;
    }
    const pnLen = (1 + this.int(4)) as 1 | 2 | 3 | 4;
    return sealInitial(dcid, scid, from, this.int(1 << (8 * Math.min(pnLen, 3))), pnLen, payload);
  }

  /**
   * A datagram of packets followed by bytes that are no packet (RFC 9000 §12.2, §14.1): zeros,
   * random bytes, a short header with the fixed bit cleared or set, a long header cut short, or a
   * mutated copy of the datagram itself.
   */
  withTail(d: Uint8Array): Uint8Array {
    let tail: Uint8Array;
    switch (this.int(5)) {
      case 0:
        tail = new Uint8Array(1 + this.int(64));
        break;
      case 1:
        tail = this.bytes(1 + this.int(200));
        break;
      case 2: // a short header: the datagram's DCID after the first byte (fixed bit 0 or 1), then random
        tail = this.bytes(1 + this.int(80));
        tail[0] = (tail[0]! & 0x3f) | (this.int(2) << 6);
        tail.set(d.subarray(6, 6 + Math.min(d[5] ?? 0, tail.length - 1)), 1);
        break;
      case 3: // a long header cut short
        tail = d.subarray(0, 1 + this.int(Math.min(d.length, 60)));
        break;
      default:
        tail = this.mutate(d);
    }
    const out = new Uint8Array(d.length + tail.length);
    out.set(d);
    out.set(tail, d.length);
    return out;
  }

  /** One datagram of a random kind. */
  next(target: { dcid: ConnectionID; scid: ConnectionID; from: Perspective } | undefined): Uint8Array {
    const kind = this.int(12);
    if (kind < 2) return this.bytes(1 + this.int(1500));
    if (kind < 5 && this.corpus.length > 0) return this.mutate(this.corpus[this.int(this.corpus.length)]!);
    if (kind < 8 && target) return this.sealedInitial(target.dcid, target.scid, target.from);
    // the tail of a coalesced datagram: after a real datagram of ours, or a sealed Initial
    if (kind < 9 && this.corpus.length > 0) return this.withTail(this.corpus[this.int(this.corpus.length)]!);
    if (kind < 10 && target) return this.withTail(this.sealedInitial(target.dcid, target.scid, target.from));
    // a fresh connection attempt with a random DCID: the server creates (and must later drop) state
    return this.sealedInitial(this.bytes(8 + this.int(13)), this.bytes(this.int(21)), Perspective.Client);
  }
}

export interface FuzzResult {
  datagrams: number;
  /** The most connection-ID table entries the server had at once: sealed Initials did get in. */
  peakServer: number;
  /** Connection-ID table entries left after the handshake timeouts passed. */
  leftoverServer: number;
  leftoverClient: number;
}

/** Connection IDs of a long-header datagram we wrote: [DCID, SCID]. */
function longHeaderIDs(d: Uint8Array): [ConnectionID, ConnectionID] {
  const dcidLen = d[5]!;
  const dcid = d.subarray(6, 6 + dcidLen);
  const scidLen = d[6 + dcidLen]!;
  return [dcid, d.subarray(7 + dcidLen, 7 + dcidLen + scidLen)];
}

/**
 * Sends `count` datagrams, half to a server Transport and half to a client Transport whose
 * connection is mid-handshake, then waits out the (short) handshake timeouts and counts what is left.
 */
export async function runFuzz(count: number, seed: number, onProgress?: (n: number) => void): Promise<FuzzResult> {
  const timeouts = { handshakeIdleTimeout: 250, maxIdleTimeout: 500 };
  const serverConn = new FuzzConn();
  const server = new Transport(serverConn, {}, false, false);
  const listener = server.Listen(serverTLS(), timeouts);

  // A client Transport dialing a server that never answers, except with what the fuzzer sends.
  const clientConn = new FuzzConn();
  const client = new Transport(clientConn, { connectionIDLength: 4 }, false, false);
  const makeClient = () => client.Dial(peer, clientTLS(), timeouts).then(
    (c) => c.closeWithError(0, ''),
    () => undefined,
  );
  let dialing = makeClient();
  await new Promise((r) => setImmediate(r));
  const corpus = [...clientConn.written];
  const f = new DatagramFactory(seed, corpus);

  let sent = 0;
  let n = 0;
  let peakServer = 0;
  while (n < count) {
    const toServer = n % 2 === 0;
    if (toServer) {
      const [dcid, scid] = corpus.length > 0 ? longHeaderIDs(corpus[0]!) : [f.bytes(8), f.bytes(8)];
      serverConn.inject(f.next({ dcid, scid, from: Perspective.Client }));
    } else {
      // The client's current Initial names the IDs a server must use.
      const first = clientConn.written.at(-1);
      const target = first && (first[0]! & 0x80) !== 0 ? longHeaderIDs(first) : undefined;
      clientConn.inject(f.next(target && { dcid: target[0], scid: target[1], from: Perspective.Server }));
      if (clientConn.written.length > 32) clientConn.written.splice(0, 16);
    }
    n++;
    if (n - sent >= 256) {
      sent = n;
      await serverConn.drain();
      await clientConn.drain();
      await new Promise((r) => setImmediate(r));
      onProgress?.(n);
      peakServer = Math.max(peakServer, server.handlerMap.handlers.size);
      // Keep a client connection in its handshake: dial again once one has failed.
      const settled = await Promise.race([dialing.then(() => true), Promise.resolve(false)]);
      if (settled) dialing = makeClient();
    }
  }
  await serverConn.drain();
  await clientConn.drain();
  await dialing;
  // Everything the fuzzer created should go with the handshake timeout (2 × 250 ms) and the
  // closed-connection placeholders 5 s after it (RetiredConnectionIDDeleteTimeout).
  const deadline = Date.now() + 2 * 250 + RetiredConnectionIDDeleteTimeout + 2000;
  while ((server.handlerMap.handlers.size > 0 || client.handlerMap.handlers.size > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const result = { datagrams: n, peakServer, leftoverServer: server.handlerMap.handlers.size, leftoverClient: client.handlerMap.handlers.size };
  listener.close();
  server.close();
  client.close();
  serverConn.close();
  clientConn.close();
  return result;
}
