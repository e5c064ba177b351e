// Handshakes that must fail, each with its alert as CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8).
import { describe, expect, it } from 'vitest';
import { EncryptionLevel } from '../../../src/internal/protocol/protocol.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { Alert } from '../../../src/internal/tls/alert.ts';
import { CurveID, HandshakeType } from '../../../src/internal/tls/common.ts';
import {
  marshalClientHello,
  marshalEncryptedExtensions,
  parseClientHello,
  parseEncryptedExtensions,
} from '../../../src/internal/tls/handshake_messages.ts';
import { quicClient, quicServer, type QUICConn } from '../../../src/internal/tls/quic_conn.ts';
import type { ClientSessionState } from '../../../src/internal/tls/session_ticket.ts';
import { clientConfig, connect, pump, serverConfig, type Side } from './pump.ts';

const cryptoError = (alert: Alert) => 0x100 + alert;

/** Rewrites the first message of `type` a side sends. */
function onMessage(type: HandshakeType, change: (m: Uint8Array) => Uint8Array | undefined): Side['rewrite'] {
  let done = false;
  return (_level, data) => {
    if (done || data[0] !== type) return data;
    done = true;
    return change(data);
  };
}

function flipLastByte(m: Uint8Array): Uint8Array {
  const copy = m.slice();
  copy[copy.length - 1]! ^= 1;
  return copy;
}

/** A started server and the ClientHello a default client sends. */
function serverAndClientHello(): { server: QUICConn; clientHello: Uint8Array } {
  const server = quicServer(serverConfig());
  server.start();
  const client = quicClient(clientConfig());
  client.start();
  const ev = client.nextEvent();
  if (ev?.kind !== 'writeData') throw new Error('no ClientHello');
  return { server, clientHello: ev.data };
}

function failure(f: () => void): TransportError {
  try {
    f();
  } catch (e) {
    if (e instanceof TransportError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('tampering', () => {
  it('a modified server Finished fails the client with decrypt_error', () => {
    const r = connect(clientConfig(), serverConfig(), { server: onMessage(HandshakeType.finished, flipLastByte) });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.decryptError));
    expect(r.client.error?.message).toContain('invalid server finished hash');
  });

  it('a modified client Finished fails the server with decrypt_error', () => {
    const r = connect(clientConfig(), serverConfig(), { client: onMessage(HandshakeType.finished, flipLastByte) });
    expect(r.client.error).toBeUndefined();
    expect(r.server.error?.errorCode).toBe(cryptoError(Alert.decryptError));
  });

  for (const kind of ['ecdsa-p256', 'ed25519'] as const) {
    it(`a modified ${kind} CertificateVerify fails with decrypt_error`, () => {
      const r = connect(clientConfig(), serverConfig({ kind }), { server: onMessage(HandshakeType.certificateVerify, flipLastByte) });
      expect(r.client.error?.errorCode).toBe(cryptoError(Alert.decryptError));
      expect(r.client.error?.message).toContain('invalid signature');
    });
  }

  it('a CertificateVerify with a scheme the client did not offer is an illegal_parameter', () => {
    const r = connect(clientConfig(), serverConfig(), {
      server: onMessage(HandshakeType.certificateVerify, (m) => {
        const copy = m.slice();
        copy.set([0x04, 0x01], 4); // rsa_pkcs1_sha256: not allowed in TLS 1.3 CertificateVerify
        return copy;
      }),
    });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.illegalParameter));
  });

  it('a modified PSK binder fails the server with decrypt_error', () => {
    const cache = new Map<string, ClientSessionState>();
    const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(1) });
    const first = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg);
    first.server.conn.sendSessionTicket();
    pump(first.client, first.server, { start: false });
    const r = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg, { client: onMessage(HandshakeType.clientHello, flipLastByte) });
    expect(r.server.error?.errorCode).toBe(cryptoError(Alert.decryptError));
    expect(r.server.error?.message).toContain('binder');
  });

  it('a ClientHello2 without the cookie is an illegal_parameter', () => {
    let hellos = 0;
    const r = connect(clientConfig(), serverConfig({ curvePreferences: [CurveID.secp256r1] }), {
      client: (_level, data) => {
        if (data[0] !== HandshakeType.clientHello || ++hellos < 2) return data;
        return marshalClientHello({ ...parseClientHello(data), cookie: undefined });
      },
    });
    expect(r.server.error?.errorCode).toBe(cryptoError(Alert.illegalParameter));
  });

  it('a second HelloRetryRequest is an unexpected_message', () => {
    let hrr: Uint8Array | undefined;
    const r = connect(clientConfig(), serverConfig({ curvePreferences: [CurveID.secp256r1] }), {
      // The ServerHello that follows the HelloRetryRequest is replaced by the HelloRetryRequest again.
      server: (_level, data) => (data[0] !== HandshakeType.serverHello ? data : (hrr ?? ((hrr = data), data))),
    });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.unexpectedMessage));
    expect(r.client.error?.message).toContain('two HelloRetryRequest');
  });
});

describe('negotiation', () => {
  it('no common ALPN protocol: the server fails with no_application_protocol (0x178)', () => {
    const r = connect(clientConfig({ nextProtos: ['h3'] }), serverConfig());
    expect(r.server.error?.errorCode).toBe(0x178);
    expect(r.server.error?.message).toContain('CRYPTO_ERROR 0x178');
  });

  it('a client without ALPN: the server fails with no_application_protocol', () => {
    const r = connect(clientConfig({ nextProtos: [] }), serverConfig());
    expect(r.server.error?.errorCode).toBe(0x178);
  });

  it('a server that selects no ALPN protocol fails the client with no_application_protocol', () => {
    const r = connect(clientConfig(), serverConfig(), {
      server: onMessage(HandshakeType.encryptedExtensions, (m) => marshalEncryptedExtensions({ ...parseEncryptedExtensions(m), alpnProtocol: undefined })),
    });
    expect(r.client.error?.errorCode).toBe(0x178);
  });

  it('a server that selects an unoffered ALPN protocol fails the client', () => {
    const r = connect(clientConfig(), serverConfig(), {
      server: onMessage(HandshakeType.encryptedExtensions, (m) => marshalEncryptedExtensions({ ...parseEncryptedExtensions(m), alpnProtocol: 'h3' })),
    });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.unsupportedExtension));
  });

  it('missing transport parameters are a missing_extension on either side', () => {
    const noClientParams = connect(clientConfig(), serverConfig(), {
      client: onMessage(HandshakeType.clientHello, (m) => marshalClientHello({ ...parseClientHello(m), quicTransportParameters: undefined })),
    });
    expect(noClientParams.server.error?.errorCode).toBe(cryptoError(Alert.missingExtension));
    const noServerParams = connect(clientConfig(), serverConfig(), {
      server: onMessage(HandshakeType.encryptedExtensions, (m) => marshalEncryptedExtensions({ ...parseEncryptedExtensions(m), quicTransportParameters: undefined })),
    });
    expect(noServerParams.client.error?.errorCode).toBe(cryptoError(Alert.missingExtension));
  });

  it('no common group is a handshake_failure', () => {
    const r = connect(clientConfig({ curvePreferences: [CurveID.x25519] }), serverConfig({ curvePreferences: [CurveID.secp256r1] }));
    expect(r.server.error?.errorCode).toBe(cryptoError(Alert.handshakeFailure));
  });

  it('only an unknown group (secp521r1) is a handshake_failure', () => {
    const { server, clientHello } = serverAndClientHello();
    const ch = parseClientHello(clientHello);
    const hello = marshalClientHello({ ...ch, supportedCurves: [CurveID.secp521r1], keyShares: [{ group: CurveID.secp521r1, data: new Uint8Array(133).fill(4) }] });
    expect(failure(() => server.handleData(EncryptionLevel.Initial, hello)).errorCode).toBe(cryptoError(Alert.handshakeFailure));
  });

  it('a key share for a group not in supported_groups is an illegal_parameter', () => {
    const { server, clientHello } = serverAndClientHello();
    const ch = parseClientHello(clientHello);
    const hello = marshalClientHello({ ...ch, supportedCurves: [CurveID.secp256r1] });
    expect(failure(() => server.handleData(EncryptionLevel.Initial, hello)).errorCode).toBe(cryptoError(Alert.illegalParameter));
  });

  it('an invalid key share is an illegal_parameter', () => {
    const { server, clientHello } = serverAndClientHello();
    const ch = parseClientHello(clientHello);
    const hello = marshalClientHello({ ...ch, keyShares: [{ group: CurveID.x25519, data: new Uint8Array(32) }] });
    expect(failure(() => server.handleData(EncryptionLevel.Initial, hello)).errorCode).toBe(cryptoError(Alert.illegalParameter));
  });

  it('no common cipher suite is a handshake_failure', () => {
    const r = connect(clientConfig({ cipherSuites: [0x1301] }), serverConfig({ cipherSuites: [0x1303] }));
    expect(r.server.error?.errorCode).toBe(cryptoError(Alert.handshakeFailure));
  });

  it('a client without TLS 1.3 is a protocol_version', () => {
    const { server, clientHello } = serverAndClientHello();
    const hello = marshalClientHello({ ...parseClientHello(clientHello), supportedVersions: [0x0303] });
    expect(failure(() => server.handleData(EncryptionLevel.Initial, hello)).errorCode).toBe(cryptoError(Alert.protocolVersion));
  });

  it('the server prefers its own cipher suite order', () => {
    const r = connect(clientConfig({ cipherSuites: [0x1301, 0x1303] }), serverConfig({ cipherSuites: [0x1303, 0x1301] }));
    expect(r.client.conn.connectionState().cipherSuite).toBe(0x1303);
  });
});

describe('framing', () => {
  it('a truncated message is a decode_error', () => {
    const { server, clientHello } = serverAndClientHello();
    // Cut the last extension short and fix up the outer length, so the message is complete but malformed.
    const cut = clientHello.slice(0, clientHello.length - 2);
    const n = cut.length - 4;
    cut.set([n >> 16, (n >> 8) & 0xff, n & 0xff], 1);
    expect(failure(() => server.handleData(EncryptionLevel.Initial, cut)).errorCode).toBe(cryptoError(Alert.decodeError));
  });

  it('an incomplete message waits for more bytes', () => {
    const { server, clientHello } = serverAndClientHello();
    server.handleData(EncryptionLevel.Initial, clientHello.subarray(0, 100));
    expect(server.nextEvent()).toBeUndefined();
    server.handleData(EncryptionLevel.Initial, clientHello.subarray(100));
    expect(server.nextEvent()?.kind).toBe('transportParameters');
  });

  it('an oversized message is refused as soon as its header arrives', () => {
    const { server } = serverAndClientHello();
    const e = failure(() => server.handleData(EncryptionLevel.Initial, Uint8Array.of(HandshakeType.clientHello, 0x01, 0x00, 0x01)));
    expect(e.errorCode).toBe(cryptoError(Alert.decodeError));
    expect(e.message).toContain('exceeds maximum');
  });

  it('a Finished before the ClientHello is an unexpected_message', () => {
    const { server } = serverAndClientHello();
    expect(failure(() => server.handleData(EncryptionLevel.Initial, Uint8Array.of(HandshakeType.finished, 0, 0, 1, 0))).errorCode).toBe(
      cryptoError(Alert.unexpectedMessage),
    );
  });

  it('handshake data at the wrong encryption level is an unexpected_message', () => {
    const { server, clientHello } = serverAndClientHello();
    expect(failure(() => server.handleData(EncryptionLevel.Handshake, clientHello)).errorCode).toBe(cryptoError(Alert.unexpectedMessage));
  });

  it('a missing EncryptedExtensions (Certificate first) is an unexpected_message', () => {
    const r = connect(clientConfig(), serverConfig(), { server: onMessage(HandshakeType.encryptedExtensions, () => undefined) });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.unexpectedMessage));
  });

  it('bytes left over at a key change are an unexpected_message (RFC 9001 §4.1.3)', () => {
    const r = connect(clientConfig(), serverConfig(), {
      server: onMessage(HandshakeType.serverHello, (m) => Buffer.concat([m, Uint8Array.of(HandshakeType.encryptedExtensions, 0)])),
    });
    expect(r.client.error?.errorCode).toBe(cryptoError(Alert.unexpectedMessage));
  });

  it('a post-handshake message to the server, or a KeyUpdate to the client, is an unexpected_message', () => {
    const r = connect(clientConfig(), serverConfig());
    const keyUpdate = Uint8Array.of(HandshakeType.keyUpdate, 0, 0, 1, 0);
    expect(failure(() => r.server.conn.handleData(EncryptionLevel.OneRTT, keyUpdate)).errorCode).toBe(cryptoError(Alert.unexpectedMessage));
    expect(failure(() => r.client.conn.handleData(EncryptionLevel.OneRTT, keyUpdate)).errorCode).toBe(cryptoError(Alert.unexpectedMessage));
  });

  it('a failed connection keeps failing with the same error', () => {
    const { server } = serverAndClientHello();
    const e = failure(() => server.handleData(EncryptionLevel.Handshake, new Uint8Array(4)));
    expect(failure(() => server.handleData(EncryptionLevel.Initial, new Uint8Array(4)))).toBe(e);
  });
});
