// Real-UDP tools for end-to-end tests: TLS configurations, a raw socket that sends hand-made
// datagrams and collects replies, a counting relay between a client and a server, client
// Initial packets built byte by byte (RFC 9000 §17.2.2, RFC 9001 §5), and a trace recorder.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { cryptoSetup } from '../../src/internal/handshake/crypto_setup.ts';
import { newInitialAEAD } from '../../src/internal/handshake/initial_aead.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import { Perspective, PacketType, type ConnectionID } from '../../src/internal/protocol/protocol.ts';
import { Version1, type Version } from '../../src/internal/protocol/version.ts';
import * as params from '../../src/internal/protocol/params.ts';
import { appendLongHeader } from '../../src/internal/wire/extended_header.ts';
import { appendFrame, frameLength } from '../../src/internal/wire/frame_writer.ts';
import type { CryptoFrame } from '../../src/internal/wire/frame.ts';
import type { TransportParameters } from '../../src/internal/wire/transport_parameters.ts';
import { Writer } from '../../src/internal/wire/varint.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { hldALPN } from './hld.ts';

export const loopback = '127.0.0.1';

/** A server TLS configuration with one certificate (chain leaf first). */
export function serverTLS(cert: SelfSigned, alpn = [hldALPN], chain = [cert.certificate]): QUICTLSConfig {
  return { certificates: [{ chain, privateKey: cert.privateKey }], nextProtos: alpn };
}

/** The article's client: no certificate verification. */
export function insecureClientTLS(alpn = [hldALPN]): QUICTLSConfig {
  return { nextProtos: alpn, insecureSkipVerify: true };
}

/** A leaf certificate signed through `depth` intermediate CAs under a fresh root: a long chain (leaf first, root last). */
export function longChain(depth: number): { leaf: SelfSigned; chain: SelfSigned[] } {
  let issuer = generateSelfSignedCertificate({ isCA: true, commonName: 'root' });
  const chain = [issuer];
  for (let i = 0; i < depth; i++) {
    issuer = generateSelfSignedCertificate({ isCA: true, commonName: `intermediate ${i}`, issuer });
    chain.unshift(issuer);
  }
  const leaf = generateSelfSignedCertificate({ issuer });
  chain.unshift(leaf);
  return { leaf, chain };
}

/** Rejects with a named error if `p` takes longer than `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until it holds; throws after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(10);
  }
}

/** A UDP socket on 127.0.0.1 that keeps every datagram it receives. */
export class RawSocket {
  readonly received: Buffer[] = [];
  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg) => this.received.push(msg));
  }

  static async open(): Promise<RawSocket> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
    return new RawSocket(socket);
  }

  send(data: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, loopback, (err) => (err ? reject(err) : resolve())));
  }

  /** The first datagram received, or undefined after `ms`. */
  async next(ms: number): Promise<Buffer | undefined> {
    const deadline = Date.now() + ms;
    while (this.received.length === 0 && Date.now() < deadline) await sleep(5);
    return this.received.shift();
  }

  close(): void {
    this.socket.close();
  }
}

/** A UDP socket on an ephemeral loopback port, bound. */
export async function bindLoopback(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, loopback, resolve));
  return s;
}

/**
 * A UDP relay on 127.0.0.1 between one client and `serverPort`, counting the bytes that pass each
 * way. `dropFromClient(i)` drops the client's i-th datagram (0-based).
 */
export class Relay {
  clientBytes = 0;
  serverBytes = 0;
  clientDatagrams = 0;
  serverDatagrams = 0;
  private clientAddr: { port: number } | undefined;

  private constructor(
    private readonly front: dgram.Socket,
    private readonly back: dgram.Socket,
    serverPort: number,
    dropFromClient: (i: number) => boolean,
  ) {
    let seen = 0;
    front.on('message', (msg, rinfo) => {
      this.clientAddr = { port: rinfo.port };
      if (dropFromClient(seen++)) return;
      this.clientBytes += msg.length;
      this.clientDatagrams++;
      back.send(msg, serverPort, loopback);
    });
    back.on('message', (msg) => {
      this.serverBytes += msg.length;
      this.serverDatagrams++;
      if (this.clientAddr) front.send(msg, this.clientAddr.port, loopback);
    });
  }

  static async open(serverPort: number, dropFromClient: (i: number) => boolean = () => false): Promise<Relay> {
    return new Relay(await bindLoopback(), await bindLoopback(), serverPort, dropFromClient);
  }

  get port(): number {
    return this.front.address().port;
  }

  close(): void {
    this.front.close();
    this.back.close();
  }
}

/** A real TLS ClientHello with QUIC transport parameters naming `srcConnID` (RFC 9001 §8.2, RFC 9000 §7.3). */
export function clientHello(srcConnID: ConnectionID, dcid: ConnectionID, version: Version = Version1): Uint8Array {
  const tp: TransportParameters = {
      initialMaxStreamDataBidiLocal: params.DefaultInitialMaxStreamData,
      initialMaxStreamDataBidiRemote: params.DefaultInitialMaxStreamData,
      initialMaxStreamDataUni: params.DefaultInitialMaxStreamData,
      initialMaxData: params.DefaultInitialMaxData,
      maxAckDelay: params.MaxAckDelayInclGranularity,
      ackDelayExponent: params.AckDelayExponent,
      disableActiveMigration: true,
      maxUDPPayloadSize: 1452,
      maxUniStreamNum: 100,
      maxBidiStreamNum: 100,
      maxIdleTimeout: 5000,
      originalDestinationConnectionID: new Uint8Array(0),
      initialSourceConnectionID: srcConnID,
      activeConnectionIDLimit: 4,
  };
  const cs = new cryptoSetup(Perspective.Client, dcid, insecureClientTLS(), tp, { pto: () => 100, smoothedRTT: () => 100 }, version, 'noble');
  cs.startHandshake();
  const ev = cs.nextEvent();
  if (ev?.kind !== 'writeData') throw new Error('no ClientHello');
  return ev.data;
}

export interface InitialOptions {
  /** the size of the whole UDP datagram: PADDING fills it up */
  datagramSize: number;
  dcid?: ConnectionID;
  scid?: ConnectionID;
  version?: Version;
  token?: Uint8Array;
}

/**
 * A client's first Initial packet, sealed with the Initial keys of its DCID (RFC 9001 §5.2):
 * a CRYPTO frame with a ClientHello, padded so that the datagram is exactly `datagramSize` bytes.
 */
export function clientInitial(o: InitialOptions): { datagram: Uint8Array; dcid: ConnectionID; scid: ConnectionID } {
  const dcid = o.dcid ?? randomBytes(8);
  const scid = o.scid ?? randomBytes(8);
  const version = o.version ?? Version1;
  const crypto: CryptoFrame = { type: 'crypto', offset: 0, data: clientHello(scid, dcid, version) };
  const pnLen = 4;
  const tagLen = 16;
  const hdr = { type: PacketType.Initial, version, destConnectionID: dcid, srcConnectionID: scid, token: o.token, packetNumber: 0, packetNumberLen: pnLen } as const;
  const probe = new Writer(64);
  appendLongHeader(probe, { ...hdr, length: 0 });
  const headerLen = probe.offset; // the Length field is always 2 bytes, so this does not change
  const payloadLen = o.datagramSize - headerLen - tagLen;
  const padding = payloadLen - frameLength(crypto);
  if (padding < 0) throw new Error(`datagram of ${o.datagramSize} bytes is too small for the ClientHello`);

  const [sealer] = newInitialAEAD(dcid, Perspective.Client, version);
  const w = new Writer(o.datagramSize);
  appendLongHeader(w, { ...hdr, length: pnLen + payloadLen + tagLen });
  const payloadOffset = w.offset;
  appendFrame(w, crypto);
  w.writeBytes(new Uint8Array(padding)); // PADDING frames are zero bytes (RFC 9000 §19.1)
  const sealed = sealer.seal(w.buffer.subarray(payloadOffset, w.offset), 0, w.buffer.subarray(0, payloadOffset));
  w.offset = payloadOffset;
  w.writeBytes(sealed);
  const datagram = w.bytes();
  sealer.encryptHeader(datagram, payloadOffset - pnLen);
  if (datagram.length !== o.datagramSize) throw new Error(`built ${datagram.length} bytes, wanted ${o.datagramSize}`);
  return { datagram, dcid, scid };
}

/** A long-header datagram with an unknown version: only the invariant header matters (RFC 8999 §5.1). */
export function unknownVersionDatagram(size: number, version = 0x1a2a3a4a): { datagram: Uint8Array; dcid: Uint8Array; scid: Uint8Array } {
  const dcid = randomBytes(8);
  const scid = randomBytes(8);
  const d = new Uint8Array(size);
  d[0] = 0xc0;
  new DataView(d.buffer).setUint32(1, version);
  d[5] = dcid.length;
  d.set(dcid, 6);
  d[14] = scid.length;
  d.set(scid, 15);
  return { datagram: d, dcid, scid };
}

/** Records trace events (src/trace.ts) while a test runs. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  start(): this {
    setTraceSink((e) => this.events.push(e));
    return this;
  }
  stop(): void {
    setTraceSink(undefined);
  }
  steps(prefix: string): TraceEvent[] {
    return this.events.filter((e) => e.step.startsWith(prefix));
  }
}

/** The error a connection ended with, once it has (its context's abort reason). */
export function closeReason(conn: { context: AbortSignal }, ms: number): Promise<unknown> {
  return withTimeout(
    new Promise((resolve) => {
      if (conn.context.aborted) resolve(conn.context.reason);
      conn.context.addEventListener('abort', () => resolve(conn.context.reason), { once: true });
    }),
    ms,
    'connection close',
  );
}
