// What a connection keeps of what it receives: long-header packets from another Source Connection
// ID than the server's first (RFC 9000 §7.2), and the control frames it queues (quic-go closes when
// its framer overflows, connection.go:521).
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../src/quic.ts';
import { maxControlFrames } from '../src/framer.ts';
import { Perspective, type ConnectionID } from '../src/internal/protocol/protocol.ts';
import { TransportErrorCode } from '../src/internal/qerr/error_codes.ts';
import { IdleTimeoutError, TransportError } from '../src/internal/qerr/errors.ts';
import type { Frame } from '../src/internal/wire/frame.ts';
import { appendFrame } from '../src/internal/wire/frame_writer.ts';
import { parsePacket } from '../src/internal/wire/header.ts';
import { Writer } from '../src/internal/wire/varint.ts';
import { sealInitial } from './reliability/fuzz.ts';
import { qlogEventData } from './qlog_events.ts';
import { clientTLS, dial, startTestServer } from './reliability/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'conn-receive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A payload of frames, padded so that the packet is long enough for header protection. */
function payload(...frames: Frame[]): Uint8Array {
  const w = new Writer(64);
  for (const f of frames) appendFrame(w, f);
  w.writeBytes(new Uint8Array(32)); // PADDING
  return w.bytes();
}

const closeFrame: Frame = { type: 'connection_close', isApplicationError: false, errorCode: TransportErrorCode.InternalError, frameType: 0, reasonPhrase: 'from the peer' };

/**
 * A "server" that answers the client's first Initial with Initial packets sealed with the right
 * keys (anyone can derive them, RFC 9001 §5.2): each is [SCID, frames]. Returns how the dial ended.
 */
async function dialFakeServer(replies: [ConnectionID, Frame[]][], qlogDir?: string): Promise<unknown> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  sock.on('message', (msg, from) => {
    const { hdr } = parsePacket(msg);
    if (hdr.token.length > 0 || sock.listenerCount('message') === 0) return;
    sock.removeAllListeners('message'); // answer the first Initial only
    replies.forEach(([scid, frames], pn) => {
      const packet = sealInitial(hdr.srcConnectionID, scid, Perspective.Server, pn, 2, payload(...frames), hdr.destConnectionID);
      sock.send(packet, from.port, from.address);
    });
  });
  try {
    const conn = await dialAddr(`127.0.0.1:${sock.address().port}`, clientTLS(), { handshakeIdleTimeout: 500, qlogDir });
    conn.closeWithError(0, '');
    return undefined;
  } catch (err) {
    return err;
  } finally {
    sock.close();
  }
}

describe('the server’s Source Connection ID is fixed by its first Initial (RFC 9000 §7.2)', () => {
  const a = Uint8Array.from([0xa, 0xa, 0xa, 0xa]);
  const b = Uint8Array.from([0xb, 0xb, 0xb, 0xb]);

  it('a later Initial from the same SCID is processed: its CONNECTION_CLOSE ends the dial', async () => {
    const err = await dialFakeServer([
      [a, [{ type: 'ping' }]],
      [a, [closeFrame]],
    ]);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).remote).toBe(true);
  });

  it('a later Initial from another SCID is discarded, with a packet_dropped event', async () => {
    const qlogDir = mkdtempSync(join(dir, 'scid-'));
    const err = await dialFakeServer(
      [
        [a, [{ type: 'ping' }]],
        [b, [closeFrame]],
      ],
      qlogDir,
    );
    // The CONNECTION_CLOSE was never read: the handshake timed out waiting for a real server.
    expect(err).toBeInstanceOf(IdleTimeoutError);
    await new Promise((r) => setTimeout(r, 100)); // let the qlog stream flush
    const drops = qlogEventData<{ header: unknown; trigger: string }>(qlogDir, 'transport:packet_dropped').map((d) => [d.header, d.trigger]);
    expect(drops).toContainEqual([{ packet_type: 'initial' }, 'connection_unknown']);
  });
});

describe('control frames over the framer’s cap', () => {
  it('close the connection with INTERNAL_ERROR instead of being lost (quic-go connection.go:521)', async () => {
    const server = await startTestServer();
    try {
      const conn = await dial(server.addr);
      // White box: the frames a misbehaving peer could make us queue (MAX_STREAMS, RETIRE_CONNECTION_ID…).
      const streams = (conn as unknown as { streams: { queueControlFrame(f: Frame): void } }).streams;
      for (let i = 0; i <= maxControlFrames; i++) streams.queueControlFrame({ type: 'ping' });
      const str = await conn.openStreamSync(); // wakes the run loop
      void str.write(new Uint8Array(1)).catch(() => undefined);
      await Promise.race([
        new Promise((r) => conn.context.addEventListener('abort', r, { once: true })),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
      const reason = conn.context.reason as TransportError;
      expect(reason).toBeInstanceOf(TransportError);
      expect(reason.errorCode).toBe(TransportErrorCode.InternalError);
      expect(reason.remote).toBe(false);
    } finally {
      await server.close();
    }
  });
});
