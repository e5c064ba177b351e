// QUIC transport parameters (RFC 9000 §18; quic-go: internal/wire/transport_parameters.go): each
// endpoint's limits and connection IDs, carried in the TLS quic_transport_parameters extension
// as a sequence of (ID varint, length varint, value) entries.
import { randomBytes } from '../utils/rand.ts';
import { MinRemoteIdleTimeout } from '../protocol/params.ts';
import {
  DefaultAckDelayExponent,
  DefaultActiveConnectionIDLimit,
  DefaultMaxAckDelay,
  MaxAckDelayExponent,
  MaxByteCount,
  MaxConnIDLen,
  MaxMaxAckDelay,
  MinMaxUDPPayloadSize,
  Perspective,
  type ByteCount,
  type ConnectionID,
  type StatelessResetToken,
} from '../protocol/protocol.ts';
import { MaxStreamCount, type StreamNum } from '../protocol/stream.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError, type TransportError } from '../qerr/errors.ts';
import { Reader, Writer, varintLen } from './varint.ts';

/** The parameter IDs (RFC 9000 §18.2; max_datagram_frame_size: RFC 9221 §3). */
export const TransportParameterID = {
  originalDestinationConnectionID: 0x00,
  maxIdleTimeout: 0x01,
  statelessResetToken: 0x02,
  maxUDPPayloadSize: 0x03,
  initialMaxData: 0x04,
  initialMaxStreamDataBidiLocal: 0x05,
  initialMaxStreamDataBidiRemote: 0x06,
  initialMaxStreamDataUni: 0x07,
  initialMaxStreamsBidi: 0x08,
  initialMaxStreamsUni: 0x09,
  ackDelayExponent: 0x0a,
  maxAckDelay: 0x0b,
  disableActiveMigration: 0x0c,
  preferredAddress: 0x0d,
  activeConnectionIDLimit: 0x0e,
  initialSourceConnectionID: 0x0f,
  retrySourceConnectionID: 0x10,
  maxDatagramFrameSize: 0x20,
} as const;

const ID = TransportParameterID;

/** The server's preferred_address (RFC 9000 §18.2, §9.6). */
export interface PreferredAddress {
  ipv4: Uint8Array; // 4 bytes
  ipv4Port: number;
  ipv6: Uint8Array; // 16 bytes
  ipv6Port: number;
  connectionID: ConnectionID;
  statelessResetToken: StatelessResetToken;
}

/** quic-go's TransportParameters, field for field. Durations are in milliseconds. */
export interface TransportParameters {
  initialMaxStreamDataBidiLocal: ByteCount;
  initialMaxStreamDataBidiRemote: ByteCount;
  initialMaxStreamDataUni: ByteCount;
  initialMaxData: ByteCount;
  maxAckDelay: number;
  ackDelayExponent: number;
  disableActiveMigration: boolean;
  maxUDPPayloadSize: ByteCount;
  maxUniStreamNum: StreamNum;
  maxBidiStreamNum: StreamNum;
  /** 0 when the peer sent none (then only our own idle timeout applies). */
  maxIdleTimeout: number;
  preferredAddress?: PreferredAddress;
  originalDestinationConnectionID: ConnectionID;
  initialSourceConnectionID: ConnectionID;
  /** Present only after a Retry (a zero-length ID is still present). */
  retrySourceConnectionID?: ConnectionID;
  statelessResetToken?: StatelessResetToken;
  activeConnectionIDLimit: number;
  /** Absent: the endpoint does not accept DATAGRAM frames (RFC 9221 §3). */
  maxDatagramFrameSize?: ByteCount;
}

function paramError(message: string): TransportError {
  return protocolError(TransportErrorCode.TransportParameterError, message);
}

const statelessResetTokenLen = 16;

/**
 * Parses the peer's transport parameters. `sentBy` is the peer's perspective: a client must not
 * send the server-only parameters (§18.2). Every error is a TRANSPORT_PARAMETER_ERROR (§7.4).
 */
export function unmarshalTransportParameters(data: Uint8Array, sentBy: Perspective): TransportParameters {
  return unmarshal(data, sentBy, false);
}

/** quic-go's TransportParameters.unmarshal: a session ticket's copy lacks the connection IDs. */
function unmarshal(data: Uint8Array, sentBy: Perspective, fromSessionTicket: boolean): TransportParameters {
  const p: TransportParameters = {
    initialMaxStreamDataBidiLocal: 0,
    initialMaxStreamDataBidiRemote: 0,
    initialMaxStreamDataUni: 0,
    initialMaxData: 0,
    maxAckDelay: DefaultMaxAckDelay,
    ackDelayExponent: DefaultAckDelayExponent,
    disableActiveMigration: false,
    // quic-go reads an absent max_udp_payload_size as "no limit" (the RFC's default is 65527).
    maxUDPPayloadSize: MaxByteCount,
    maxUniStreamNum: 0,
    maxBidiStreamNum: 0,
    maxIdleTimeout: 0,
    originalDestinationConnectionID: new Uint8Array(0),
    initialSourceConnectionID: new Uint8Array(0),
    activeConnectionIDLimit: DefaultActiveConnectionIDLimit,
  };
  const seen = new Set<number>();
  const r = new Reader(data, 0, TransportErrorCode.TransportParameterError);
  while (r.remaining > 0) {
    const id = r.readVarint();
    const len = r.readVarint();
    r.need(len, `transport parameter 0x${id.toString(16)}`);
    if (seen.has(id)) throw paramError(`received duplicate transport parameter 0x${id.toString(16)}`);
    seen.add(id);
    const value = new Reader(data.subarray(r.offset, r.offset + len), 0, TransportErrorCode.TransportParameterError);
    r.skip(len);
    if (readParameter(p, id, value, sentBy) && value.remaining !== 0) {
      throw paramError(`inconsistent length for transport parameter 0x${id.toString(16)}`);
    }
  }
  if (fromSessionTicket) return p;
  if (sentBy === Perspective.Server && !seen.has(ID.originalDestinationConnectionID)) {
    throw paramError('missing original_destination_connection_id');
  }
  if (!seen.has(ID.initialSourceConnectionID)) throw paramError('missing initial_source_connection_id');
  return p;
}

/** Only a server may send these (§18.2). */
const serverOnly = new Map<number, string>([
  [ID.originalDestinationConnectionID, 'original_destination_connection_id'],
  [ID.statelessResetToken, 'stateless_reset_token'],
  [ID.preferredAddress, 'preferred_address'],
  [ID.retrySourceConnectionID, 'retry_source_connection_id'],
]);

/** Reads one parameter's value into p. Returns false for an unknown (e.g. greased) one, which is skipped. */
function readParameter(p: TransportParameters, id: number, value: Reader, sentBy: Perspective): boolean {
  if (sentBy === Perspective.Client && serverOnly.has(id)) throw paramError(`client sent a ${serverOnly.get(id)}`);
  switch (id) {
    case ID.originalDestinationConnectionID:
      p.originalDestinationConnectionID = readConnectionID(value);
      return true;
    case ID.initialSourceConnectionID:
      p.initialSourceConnectionID = readConnectionID(value);
      return true;
    case ID.retrySourceConnectionID:
      p.retrySourceConnectionID = readConnectionID(value);
      return true;
    case ID.statelessResetToken:
      if (value.remaining !== statelessResetTokenLen) throw paramError(`wrong length for stateless_reset_token: ${value.remaining} (expected 16)`);
      p.statelessResetToken = value.readBytes(statelessResetTokenLen);
      return true;
    case ID.disableActiveMigration:
      p.disableActiveMigration = true; // must be empty: checked by the caller
      return true;
    case ID.preferredAddress:
      p.preferredAddress = readPreferredAddress(value);
      return true;
    case ID.maxIdleTimeout:
      // quic-go raises any value it receives, even 0, to at least 5 s (transport_parameters.go:302).
      p.maxIdleTimeout = Math.max(MinRemoteIdleTimeout, value.readVarint());
      return true;
    case ID.maxUDPPayloadSize:
      p.maxUDPPayloadSize = readVarintAtLeast(value, MinMaxUDPPayloadSize, 'max_udp_payload_size');
      return true;
    case ID.initialMaxData:
      p.initialMaxData = value.readVarint();
      return true;
    case ID.initialMaxStreamDataBidiLocal:
      p.initialMaxStreamDataBidiLocal = value.readVarint();
      return true;
    case ID.initialMaxStreamDataBidiRemote:
      p.initialMaxStreamDataBidiRemote = value.readVarint();
      return true;
    case ID.initialMaxStreamDataUni:
      p.initialMaxStreamDataUni = value.readVarint();
      return true;
    case ID.initialMaxStreamsBidi:
      p.maxBidiStreamNum = readVarintAtMost(value, MaxStreamCount, 'initial_max_streams_bidi');
      return true;
    case ID.initialMaxStreamsUni:
      p.maxUniStreamNum = readVarintAtMost(value, MaxStreamCount, 'initial_max_streams_uni');
      return true;
    case ID.ackDelayExponent:
      p.ackDelayExponent = readVarintAtMost(value, MaxAckDelayExponent, 'ack_delay_exponent');
      return true;
    case ID.maxAckDelay:
      p.maxAckDelay = readVarintAtMost(value, MaxMaxAckDelay, 'max_ack_delay');
      return true;
    case ID.activeConnectionIDLimit:
      p.activeConnectionIDLimit = readVarintAtLeast(value, 2, 'active_connection_id_limit');
      return true;
    case ID.maxDatagramFrameSize:
      p.maxDatagramFrameSize = value.readVarint();
      return true;
    default:
      return false;
  }
}

function readVarintAtLeast(value: Reader, min: number, name: string): number {
  const v = value.readVarint();
  if (v < min) throw paramError(`invalid value for ${name}: ${v} (minimum ${min})`);
  return v;
}

function readVarintAtMost(value: Reader, max: number, name: string): number {
  const v = value.readVarint();
  if (v > max) throw paramError(`invalid value for ${name}: ${v} (maximum ${max})`);
  return v;
}

/** A connection ID parameter is the whole value (0 to 20 bytes). */
function readConnectionID(value: Reader): ConnectionID {
  if (value.remaining > MaxConnIDLen) throw paramError(`invalid connection ID length: ${value.remaining}`);
  return value.readBytes(value.remaining);
}

/** IPv4 Address (32), IPv4 Port (16), IPv6 Address (128), IPv6 Port (16), CID Length (8), CID, Token (128). */
function readPreferredAddress(value: Reader): PreferredAddress {
  const ipv4 = value.readBytes(4);
  const ipv4Port = value.readUint(2);
  const ipv6 = value.readBytes(16);
  const ipv6Port = value.readUint(2);
  const connIDLen = value.readUint8();
  // A server using zero-length connection IDs must not send a preferred address (§18.2).
  if (connIDLen === 0 || connIDLen > MaxConnIDLen) throw paramError(`invalid connection ID length: ${connIDLen}`);
  const connectionID = value.readBytes(connIDLen);
  const statelessResetToken = value.readBytes(statelessResetTokenLen);
  return { ipv4, ipv4Port, ipv6, ipv6Port, connectionID, statelessResetToken };
}

/**
 * Encodes our transport parameters; `pers` is our perspective (server-only parameters are written
 * only by a server). Defaults are left out, and one reserved "grease" parameter with ID 31·N+27
 * and random contents is included so that peers keep ignoring unknown IDs (§18.1).
 */
export function marshalTransportParameters(p: TransportParameters, pers: Perspective): Uint8Array {
  const w = new Writer(256);
  const random = randomBytes(18);
  writeBytesParam(w, 27 + 31 * random[0], random.subarray(2, 2 + (random[1] % 16)));

  writeLimits(w, p);
  writeVarintParam(w, ID.maxIdleTimeout, p.maxIdleTimeout);
  if (p.maxUDPPayloadSize > 0) writeVarintParam(w, ID.maxUDPPayloadSize, p.maxUDPPayloadSize);
  if (p.maxAckDelay !== DefaultMaxAckDelay) writeVarintParam(w, ID.maxAckDelay, p.maxAckDelay);
  if (p.ackDelayExponent !== DefaultAckDelayExponent) writeVarintParam(w, ID.ackDelayExponent, p.ackDelayExponent);
  if (p.disableActiveMigration) writeBytesParam(w, ID.disableActiveMigration, new Uint8Array(0));
  if (pers === Perspective.Server) {
    if (p.statelessResetToken) writeBytesParam(w, ID.statelessResetToken, p.statelessResetToken);
    writeBytesParam(w, ID.originalDestinationConnectionID, p.originalDestinationConnectionID);
    if (p.preferredAddress) writeBytesParam(w, ID.preferredAddress, encodePreferredAddress(p.preferredAddress));
  }
  if (p.activeConnectionIDLimit !== DefaultActiveConnectionIDLimit) writeVarintParam(w, ID.activeConnectionIDLimit, p.activeConnectionIDLimit);
  writeBytesParam(w, ID.initialSourceConnectionID, p.initialSourceConnectionID);
  if (pers === Perspective.Server && p.retrySourceConnectionID) writeBytesParam(w, ID.retrySourceConnectionID, p.retrySourceConnectionID);
  if (p.maxDatagramFrameSize !== undefined) writeVarintParam(w, ID.maxDatagramFrameSize, p.maxDatagramFrameSize);
  return w.bytes();
}

/** The version of marshalForSessionTicket's encoding (quic-go: transportParameterMarshalingVersion). */
const transportParameterMarshalingVersion = 1;

/**
 * The server's limits a client remembers with a session ticket, to use them for 0-RTT (RFC 9000
 * §7.4.1): the stream and data windows, stream counts, max_datagram_frame_size and
 * active_connection_id_limit (quic-go: MarshalForSessionTicket).
 */
export function marshalForSessionTicket(p: TransportParameters, w: Writer): void {
  w.writeVarint(transportParameterMarshalingVersion);
  writeLimits(w, p);
  if (p.maxDatagramFrameSize !== undefined) writeVarintParam(w, ID.maxDatagramFrameSize, p.maxDatagramFrameSize);
  writeVarintParam(w, ID.activeConnectionIDLimit, p.activeConnectionIDLimit);
}

/** The parameters marshalForSessionTicket wrote (quic-go: UnmarshalFromSessionTicket). */
export function unmarshalFromSessionTicket(data: Uint8Array): TransportParameters {
  const r = new Reader(data, 0, TransportErrorCode.TransportParameterError);
  const version = r.readVarint();
  if (version !== transportParameterMarshalingVersion) throw paramError(`unknown transport parameter marshaling version: ${version}`);
  return unmarshal(data.subarray(r.offset), Perspective.Server, true);
}

/** A limit the server may only raise: absent (no DATAGRAM support) counts as less than any size. */
function datagramSizeReduced(p: TransportParameters, saved: TransportParameters): boolean {
  return saved.maxDatagramFrameSize !== undefined && (p.maxDatagramFrameSize === undefined || p.maxDatagramFrameSize < saved.maxDatagramFrameSize);
}

/** The windows and stream counts of p are at least those of saved. */
function limitsAtLeast(p: TransportParameters, saved: TransportParameters): boolean {
  return (
    p.initialMaxStreamDataBidiLocal >= saved.initialMaxStreamDataBidiLocal &&
    p.initialMaxStreamDataBidiRemote >= saved.initialMaxStreamDataBidiRemote &&
    p.initialMaxStreamDataUni >= saved.initialMaxStreamDataUni &&
    p.initialMaxData >= saved.initialMaxData &&
    p.maxBidiStreamNum >= saved.maxBidiStreamNum &&
    p.maxUniStreamNum >= saved.maxUniStreamNum
  );
}

/**
 * Server: may 0-RTT data sent under `saved` (our parameters when the ticket was issued) be accepted
 * with our current parameters `p`? Not if any limit shrank (RFC 9000 §7.4.1; quic-go: ValidFor0RTT).
 */
export function validFor0RTT(p: TransportParameters, saved: TransportParameters): boolean {
  return !datagramSizeReduced(p, saved) && limitsAtLeast(p, saved) && p.activeConnectionIDLimit === saved.activeConnectionIDLimit;
}

/**
 * Client, after 0-RTT was accepted: the server's new parameters `p` must not reduce the remembered
 * limits `saved` the 0-RTT data used (RFC 9000 §7.4.1; quic-go: ValidForUpdate).
 */
export function validForUpdate(p: TransportParameters, saved: TransportParameters): boolean {
  return !datagramSizeReduced(p, saved) && limitsAtLeast(p, saved) && p.activeConnectionIDLimit >= saved.activeConnectionIDLimit;
}

/** The flow-control windows and stream counts, in both encodings. */
function writeLimits(w: Writer, p: TransportParameters): void {
  writeVarintParam(w, ID.initialMaxStreamDataBidiLocal, p.initialMaxStreamDataBidiLocal);
  writeVarintParam(w, ID.initialMaxStreamDataBidiRemote, p.initialMaxStreamDataBidiRemote);
  writeVarintParam(w, ID.initialMaxStreamDataUni, p.initialMaxStreamDataUni);
  writeVarintParam(w, ID.initialMaxData, p.initialMaxData);
  writeVarintParam(w, ID.initialMaxStreamsBidi, p.maxBidiStreamNum);
  writeVarintParam(w, ID.initialMaxStreamsUni, p.maxUniStreamNum);
}

function writeVarintParam(w: Writer, id: number, v: number): void {
  w.writeVarint(id);
  w.writeVarint(varintLen(v));
  w.writeVarint(v);
}

function writeBytesParam(w: Writer, id: number, value: Uint8Array): void {
  w.writeVarint(id);
  w.writeVarint(value.length);
  w.writeBytes(value);
}

function encodePreferredAddress(pa: PreferredAddress): Uint8Array {
  const w = new Writer(4 + 2 + 16 + 2 + 1 + pa.connectionID.length + statelessResetTokenLen);
  w.writeBytes(pa.ipv4);
  w.writeUint(pa.ipv4Port, 2);
  w.writeBytes(pa.ipv6);
  w.writeUint(pa.ipv6Port, 2);
  w.writeUint8(pa.connectionID.length);
  w.writeBytes(pa.connectionID);
  w.writeBytes(pa.statelessResetToken);
  return w.bytes();
}
