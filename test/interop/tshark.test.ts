// Wireshark can read our traffic: a capture of the HLD client and server, decrypted by tshark with
// the NSS key log our TLS stack writes (--keylog). A missing tshark fails the test (with an install
// hint); QUIC_SKIP_INTEROP=1 skips it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeers, skipInterop, startCapture, streamPayloads, tsharkDecrypt } from '../peers/peers.ts';
import { startServer } from '../../src/cmd/serve.ts';
import { echo } from '../../src/cmd/requests.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { dialAddr } from '../../src/quic.ts';

const work = mkdtempSync(join(tmpdir(), 'tshark-ours-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(skipInterop())('tshark reads our traffic', () => {
  beforeAll(() => requirePeers('tshark', 'dumpcap'));

  it('decrypts a capture of hld-client ↔ hld-server with the client key log; STREAM payloads show up', async () => {
    const keylog = join(work, 'keys.log');
    const server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: ['HLD'] }), config: {}, outDir: work, maxUpload: 1 << 20 });
    try {
      const capture = await startCapture(server.addr.port, { file: join(work, 'ours.pcapng') });
      const message = 'decrypted by tshark';
      const conn = await dialAddr(`127.0.0.1:${server.addr.port}`, clientTLSConfig({ alpn: ['HLD'], keylog }));
      expect(await echo(conn, message)).toBe(message);
      conn.closeWithError(0, '');
      await capture.stop();
      expect(readFileSync(keylog, 'utf8')).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]{64}$/m);

      const rows = await tsharkDecrypt(capture.file, keylog);
      const payloads = streamPayloads(rows).map((b) => b.toString('latin1'));
      expect(payloads).toContain(`\x01${message}`); // the client's text stream: type byte, then the text
      expect(payloads).toContain(message); // the server's echo
      expect(streamPayloads(await tsharkDecrypt(capture.file, join(work, 'no-such-keylog')))).toEqual([]);
    } finally {
      server.listener.close();
    }
  }, 30_000);
});
