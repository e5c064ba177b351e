// The article's server (quic-go 0.29, Go's TLS 1.3) has only an RSA-1024 certificate, so it signs
// its CertificateVerify with rsa_pss_rsae_* (Go prefers SHA-256): our client must verify that on
// either crypto backend — noble's (our RSA-PSS on noble's SHA-256, the backend's one stated
// exception) and node:crypto's. A failed verification is a decrypt_error alert and no connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { hldALPN } from '../../src/cmd/hld_protocol.ts';
import { clientTLSConfig } from '../../src/cmd/tls_setup.ts';
import { skipInterop, startArticleServer, stopAllPeers, type GoServer } from '../peers/peers.ts';

const work = mkdtempSync(join(tmpdir(), 'article-crypto-'));

describe.skipIf(skipInterop())("our client → the article's server, on each crypto backend", () => {
  let server: GoServer;
  beforeAll(async () => {
    server = await startArticleServer(work);
  }, 180_000);
  afterAll(async () => {
    await stopAllPeers();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(['noble', 'node'] as const)('verifies its RSA-PSS CertificateVerify on %s', async (crypto) => {
    const conn = await dialAddr(server.addr, clientTLSConfig({ alpn: [hldALPN] }), { crypto });
    try {
      expect(conn.connectionState().tls.negotiatedProtocol).toBe(hldALPN);
    } finally {
      conn.closeWithError(0, '');
    }
  }, 30_000);
});
