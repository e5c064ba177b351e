// A peer may send its handshake messages in CRYPTO frames as small as one byte (nothing in RFC 9000
// §19.6 or RFC 9001 §4.1.3 sets a floor). Each byte handed to TLS must cost O(1), not a copy of
// everything buffered so far: a 64 KiB ClientHello in 1-byte pieces was 2^31 bytes of copying.
import { describe, expect, it } from 'vitest';
import { CryptoStream } from '../../../../src/crypto_stream.ts';
import { EncryptionLevel } from '../../../../src/internal/protocol/protocol.ts';
import { quicClient, quicServer } from '../../../../src/internal/handshake/tls/quic_conn.ts';
import { maxHandshakeSize } from '../../../../src/internal/handshake/tls/common.ts';
import { clientConfig, serverConfig, writes } from './pump.ts';

/** A ClientHello just under the 64 KiB message limit: the transport parameters are opaque to TLS. */
function largeClientHello(): Uint8Array {
  const client = quicClient(clientConfig({ quicTransportParameters: new Uint8Array(maxHandshakeSize - 2048).fill(7) }));
  client.start();
  const events = [];
  for (let ev = client.nextEvent(); ev; ev = client.nextEvent()) events.push(ev);
  return writes(events, EncryptionLevel.Initial)[0]!;
}

describe('a large ClientHello in 1-byte CRYPTO frames', () => {
  it('is buffered by TLS in linear time', () => {
    const hello = largeClientHello();
    expect(hello.length).toBeGreaterThan(60_000);
    const config = serverConfig();
    let inTLS = 0; // ms spent in handleData, over all servers
    const servers = 4; // four connections' worth, so the quadratic cost stands well clear of noise
    for (let i = 0; i < servers; i++) {
      const server = quicServer(config);
      server.start();
      const stream = new CryptoStream();
      for (let offset = 0; offset < hello.length; offset++) {
        stream.handleCryptoFrame({ type: 'crypto', offset, data: hello.subarray(offset, offset + 1) });
        for (let data = stream.getCryptoData(); data; data = stream.getCryptoData()) {
          const started = performance.now();
          server.handleData(EncryptionLevel.Initial, data);
          inTLS += performance.now() - started;
        }
      }
      const kinds: string[] = [];
      for (let ev = server.nextEvent(); ev; ev = server.nextEvent()) kinds.push(ev.kind);
      expect(kinds).toContain('transportParameters'); // the whole ClientHello arrived and was parsed
    }
    // Measured on a 2-core machine: ~50 ms a server linear, ~420 ms quadratic. Generous under load.
    expect(inTLS).toBeLessThan(servers * 200);
  });
});
