// The lab bench that the scenarios of chapters 00–04 and the tests of their exercises share:
// a server and clients on 127.0.0.1, hand-made datagrams, a bare UDP socket to send them from,
// and the accept-path trace as plain lines (no timings, so that output can be compared).
import dgram from 'node:dgram';
import { dialAddr } from '../../src/quic.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { debugTimeouts, type Config } from '../../src/config.ts';
import type { Connection } from '../../src/interface.ts';
export type { Connection };
import { newInitialAEAD } from '../../src/internal/handshake/initial_aead.ts';
import { EncryptionLevel, PacketType, Perspective, type ConnectionID } from '../../src/internal/protocol/protocol.ts';
import { Version1, Version2, type Version } from '../../src/internal/protocol/version.ts';
import { systemClock, type Clock } from '../../src/internal/utils/clock.ts';
import { appendLongHeader } from '../../src/internal/wire/extended_header.ts';
import { Reader, Writer } from '../../src/internal/wire/varint.ts';
import { parsePacket } from '../../src/internal/wire/header.ts';
import { parseNextFrame } from '../../src/internal/wire/frame_parser.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import { unpackLongHeader } from '../../src/packet_unpacker.ts';
import { type EarlyListener, type Listener } from '../../src/server.ts';
import { listenAddr, listenAddrEarly } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { Transport, type TransportOptions } from '../../src/transport.ts';

export const alpn = 'HLD';

/** The server's TLS config: a fresh self-signed certificate, ALPN HLD. */
export const serverTLS = () => serverTLSConfig({ alpn: [alpn] });

export interface ListenOptions {
  config?: Config;
  /** Transport options: verifySourceAddress (Retry), disableVersionNegotiationPackets, … */
  transport?: TransportOptions;
}

/** listenAddr('127.0.0.1:0'), or a Transport with options when they are given. */
export async function listen(o: ListenOptions = {}): Promise<Listener> {
  if (!o.transport) return listenAddr('127.0.0.1:0', serverTLS(), o.config);
  const conn = await listenUDP('127.0.0.1:0', o.config?.clock ?? systemClock);
  return new Transport(conn, o.transport, true, true).Listen(serverTLS(), o.config);
}

export const listenEarly = (config?: Config): Promise<EarlyListener> => listenAddrEarly('127.0.0.1:0', serverTLS(), config);

/**
 * A client's clock (Config.clock) for output that must not depend on the machine's load: the
 * system's, but no timer fires sooner than 2 s. A client's first probe timeout is 200 ms (RFC 9002
 * §6.2.1, twice quic-go's 100 ms initial RTT), and a busy machine can hold the process back longer
 * than that before it reads the server's reply: the client would send its Initial again, and the
 * server answer the copy too (a Retry is stateless, RFC 9000 §8.1.2), lines that teach nothing.
 */
export const patientClock: Clock = { ...systemClock, setTimer: (ms, fn) => systemClock.setTimer(Math.max(ms, 2000), fn) };

/** The article's client: dialAddr with InsecureSkipVerify and ALPN HLD. */
export function dial(ln: { addr(): { port: number } }, config?: Config): Promise<Connection> {
  return dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: [alpn] }), config);
}

/** Resolves with the error a connection ended with. */
export function closed(conn: Connection): Promise<unknown> {
  if (conn.context.aborted) return Promise.resolve(conn.context.reason);
  return new Promise((resolve) => conn.context.addEventListener('abort', () => resolve(conn.context.reason), { once: true }));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `n` bytes counting up from `first`: connection IDs that read well in a trace. */
export function connID(n: number, first = 1): ConnectionID {
  return Uint8Array.from({ length: n }, (_, i) => (first + i) & 0xff);
}

export interface LongHeaderOptions {
  type?: PacketType;
  version?: Version;
  dcid?: ConnectionID;
  scid?: ConnectionID;
  token?: Uint8Array;
  /** the size of the whole datagram */
  size: number;
}

/**
 * A long-header packet with a plausible header and a payload of zeros, `size` bytes in all. Not
 * encrypted: enough for every check the server makes before a connection exists, since those only
 * read the header (RFC 9000 §17.2).
 */
export function longHeaderDatagram(o: LongHeaderOptions): Uint8Array {
  const w = new Writer(o.size);
  // A version the server doesn't speak is written by hand: appendLongHeader knows only v1 and v2.
  const version = o.version ?? Version1;
  const known = version === Version1 || version === Version2;
  const h = {
    type: o.type ?? PacketType.Initial,
    version: known ? version : Version1,
    destConnectionID: o.dcid ?? connID(8),
    srcConnectionID: o.scid ?? connID(4, 0xa0),
    token: o.token,
    length: 0,
    packetNumber: 0,
    packetNumberLen: 4 as const,
  };
  appendLongHeader(w, h);
  h.length = o.size - w.offset + 4; // packet number + payload fill the datagram
  w.offset = 0;
  appendLongHeader(w, h);
  if (!known) new DataView(w.buffer.buffer, w.buffer.byteOffset).setUint32(1, version);
  return w.buffer.subarray(0, o.size);
}

/**
 * A client Initial that decrypts (RFC 9001 §5.2: keys derived from its DCID), padded to `size`
 * bytes with PADDING frames. The server can open it, so it answers it, e.g. with INVALID_TOKEN.
 */
export function sealedInitial(o: Omit<LongHeaderOptions, 'type' | 'version'>): Uint8Array {
  const dcid = o.dcid ?? connID(8);
  const [sealer] = newInitialAEAD(dcid, Perspective.Client, Version1);
  const pnLen = 4;
  const h = { type: PacketType.Initial, version: Version1, destConnectionID: dcid, srcConnectionID: o.scid ?? connID(4, 0xa0), token: o.token, length: 0, packetNumber: 0, packetNumberLen: pnLen as 4 };
  const w = new Writer(o.size);
  appendLongHeader(w, h);
  const payloadLen = o.size - w.offset - 16; // 16: the AEAD tag
  h.length = pnLen + payloadLen + 16;
  w.offset = 0;
  appendLongHeader(w, h);
  const payloadOffset = w.offset;
  const sealed = sealer.seal(new Uint8Array(payloadLen), 0, w.buffer.subarray(0, payloadOffset));
  w.writeBytes(sealed);
  const packet = w.bytes();
  sealer.encryptHeader(packet, payloadOffset - pnLen);
  return packet;
}

/**
 * The error code of the CONNECTION_CLOSE in a server's Initial, sent to a client whose first
 * Initial had `clientDCID` as DCID (the server seals with the keys derived from it).
 */
export function connectionCloseCode(datagram: Uint8Array, clientDCID: ConnectionID): string {
  const { hdr, packetData } = parsePacket(datagram);
  const [, opener] = newInitialAEAD(clientDCID, Perspective.Client, hdr.version);
  const { payload } = unpackLongHeader(opener, hdr, packetData.slice());
  const r = new Reader(payload);
  for (let f = parseNextFrame(r, EncryptionLevel.Initial, 3); f; f = parseNextFrame(r, EncryptionLevel.Initial, 3)) {
    if (f.type === 'connection_close') return TransportErrorCode[f.errorCode] ?? `0x${f.errorCode.toString(16)}`;
  }
  return 'no CONNECTION_CLOSE';
}

/** A bare UDP socket on 127.0.0.1: send hand-made datagrams, read what comes back. */
export class RawSocket {
  private readonly inbox: Uint8Array[] = [];
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg) => {
      this.inbox.push(new Uint8Array(msg));
      this.wake?.();
    });
  }

  static async open(): Promise<RawSocket> {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new RawSocket(s);
  }

  send(data: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  /** The next datagram received, or undefined if none comes within `ms`. */
  async next(ms = 300): Promise<Uint8Array | undefined> {
    if (this.inbox.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.inbox.shift();
  }

  close(): void {
    this.socket.close();
  }
}

/** One trace event as a line without its time: "server.run  drop: too short connection ID  [...]". */
export function traceLine(e: TraceEvent): string {
  const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const d = e.detail ? `  ${e.detail}` : '';
  return `${e.goroutine.padEnd(20)} ${e.step}${q}${d}`;
}

/**
 * Prints the server's accept-path trace as it happens, indented; `keep` picks the events. Its
 * verdict() resolves with the step of the server's next last word on a packet (a drop, or a reply
 * sent): a scenario that waits for it, not for a fixed time, keeps its lines in order on a busy machine.
 */
export function printTrace(keep: (e: TraceEvent) => boolean = () => true): { verdict(): Promise<string> } {
  let wake: ((step: string) => void) | undefined;
  setTraceSink((e) => {
    if (keep(e)) console.log(`  ${traceLine(e)}`);
    if (/^(drop|sent)\b/.test(e.step)) wake?.(e.step);
  });
  return { verdict: () => within(new Promise<string>((r) => (wake = r)), 5000, "the server's verdict") };
}

/** Collects trace events into a list (tests read it). */
export function collectTrace(): TraceEvent[] {
  const events: TraceEvent[] = [];
  setTraceSink((e) => events.push(e));
  return events;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * Rejects if `p` does not settle within `ms`: a test fails fast instead of hanging. Under the
 * debugger (QUIC_DEBUG=1, as the launch configurations set) a learner may sit at a breakpoint for
 * minutes, so the wait is as long as the debug timeouts (chapter 08).
 */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  if (process.env.QUIC_DEBUG === '1') ms = Math.max(ms, debugTimeouts.maxIdleTimeout ?? 0);
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing happened within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
