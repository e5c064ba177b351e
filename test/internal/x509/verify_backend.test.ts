// The chain's signatures are checked on the configured backend, as the handshake's own are:
// with crypto: 'node', node:crypto verifies every certificate signature (nodeVerify), on noble none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSelfSignedCertificate, verifyCertificateChain } from '../../../src/internal/x509/index.ts';
import * as signatureNode from '../../../src/internal/x509/signature_node.ts';
import { clientConfig, connect, serverConfig } from '../tls/pump.ts';

vi.mock('../../../src/internal/x509/signature_node.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/internal/x509/signature_node.ts')>();
  return { ...original, nodeVerify: vi.fn(original.nodeVerify) };
});
const nodeVerify = vi.mocked(signatureNode.nodeVerify);

const ca = generateSelfSignedCertificate({ commonName: 'Test CA', isCA: true, dnsNames: [], ipAddresses: [] });
const intermediate = generateSelfSignedCertificate({ commonName: 'Test intermediate', isCA: true, dnsNames: [], ipAddresses: [], issuer: ca });
const leaf = generateSelfSignedCertificate({ dnsNames: ['quic.test'], ipAddresses: [], issuer: intermediate });
const chain = [leaf.certificate, intermediate.certificate];

afterEach(() => nodeVerify.mockClear());

describe('certificate chain verification follows the crypto backend', () => {
  it("checks each signature of the path with node:crypto when crypto is 'node'", () => {
    verifyCertificateChain(chain, [ca.certificate], { serverName: 'quic.test', crypto: 'node' });
    expect(nodeVerify).toHaveBeenCalledTimes(2); // leaf ← intermediate, intermediate ← root
    expect(nodeVerify.mock.calls.map(([pub]) => pub)).toEqual([intermediate.certificate.publicKey, ca.certificate.publicKey]);
  });

  it('checks them with noble by default', () => {
    verifyCertificateChain(chain, [ca.certificate], { serverName: 'quic.test' });
    verifyCertificateChain(chain, [ca.certificate], { serverName: 'quic.test', crypto: 'noble' });
    expect(nodeVerify).not.toHaveBeenCalled();
  });

  it("a TLS client on crypto: 'node' verifies the server's chain and CertificateVerify with node:crypto", () => {
    const server = serverConfig({ certificates: [{ chain, privateKey: leaf.privateKey }], crypto: 'node' });
    const client = clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: 'quic.test', crypto: 'node' });
    const r = connect(client, server);
    expect(r.client.error ?? r.server.error).toBeUndefined();
    expect(r.client.conn.connectionState().handshakeComplete).toBe(true);
    expect(nodeVerify).toHaveBeenCalledTimes(3); // two certificate signatures, then the CertificateVerify
  });
});
