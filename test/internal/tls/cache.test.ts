import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { certCache } from '../../../src/internal/tls/cache.ts';
import { generateSelfSignedCertificate, parseCertificate } from '../../../src/internal/x509/index.ts';
import { clientConfig, connect, serverConfig } from './pump.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('certCache', () => {
  const der = generateSelfSignedCertificate().certificate.raw;

  it('parses a DER once and hands every caller the same certificate', () => {
    const cache = new certCache();
    const cert = cache.newCert(der);
    expect(cert).toEqual(parseCertificate(der));
    expect(cache.newCert(der.slice())).toBe(cert); // equal bytes, another buffer
    expect(cache.newCert(generateSelfSignedCertificate().certificate.raw)).not.toBe(cert);
    expect(cache.size).toBe(2);
  });

  it('throws on a malformed certificate and keeps nothing', () => {
    const cache = new certCache();
    expect(() => cache.newCert(der.subarray(0, der.length - 1))).toThrow();
    expect(cache.size).toBe(0);
  });

  it('forgets a certificate once nobody holds it', async () => {
    const cache = new certCache();
    cache.newCert(der);
    expect(cache.size).toBe(1);
    for (let i = 0; i < 100 && cache.size > 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10)); // finalization callbacks run on a later turn
    }
    expect(cache.size).toBe(0);
  });

  it('lets connections to the same server share the parsed certificate', () => {
    const server = serverConfig();
    const first = connect(clientConfig(), server).client.conn.connectionState().peerCertificates[0];
    const second = connect(clientConfig(), server).client.conn.connectionState().peerCertificates[0];
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});
