// RFC 9001 Appendix A and RFC 9369 Appendix A, reproduced byte for byte on both crypto backends.
import { describe, expect, it } from 'vitest';
import { hkdfLabelIV, hkdfLabelKey } from '../../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../../src/internal/handshake/cipher_suite.ts';
import { newHeaderMaskCipher, type CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { hkdfHeaderProtectionLabel, newHeaderProtector } from '../../../src/internal/handshake/header_protector.ts';
import { hkdfExpandLabel, hkdfExtract, sha256 } from '../../../src/internal/handshake/hkdf.ts';
import { computeSecrets, newInitialAEAD } from '../../../src/internal/handshake/initial_aead.ts';
import { getRetryIntegrityTag } from '../../../src/internal/handshake/retry.ts';
import { hkdfLabelKeyUpdate, updatableAEAD } from '../../../src/internal/handshake/updatable_aead.ts';
import { decodePacketNumber } from '../../../src/internal/protocol/packet_number.ts';
import { Perspective } from '../../../src/internal/protocol/protocol.ts';
import { Version1, Version2, type Version } from '../../../src/internal/protocol/version.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';
import { chachaSecret, clientCryptoFrame, clientPayloadLen, dcid, hex, rfc9001, rfc9369, serverPayload, type VersionVectors } from './rfc_vectors.ts';

const empty = new Uint8Array(0);
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);

/** initial_salt, typed in from RFC 9001 §5.2 and RFC 9369 §3.3.1. */
const salts = new Map<Version, Uint8Array>([
  [Version1, hex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a')],
  [Version2, hex('0dede3def700a6db819381be6e269dcbf9bd2ed9')],
]);

const cases: { name: string; vec: VersionVectors; version: Version }[] = [
  { name: rfc9001.name, vec: rfc9001, version: Version1 },
  { name: rfc9369.name, vec: rfc9369, version: Version2 },
];
const backends: CryptoBackend[] = ['noble', 'node'];

/** The client Initial's offset of the packet number, in both RFCs: 1 + 4 + 1 + 8 + 1 + 0 + 1 (token length) + 2 (length). */
const clientPNOffset = 18;
/** The server Initial's: 1 + 4 + 1 + 0 + 1 + 8 + 1 + 2. */
const serverPNOffset = 18;

describe.each(cases)('$name', ({ vec, version }) => {
  describe('A.1 keys', () => {
    it('uses the labels of the RFC', () => {
      expect(hkdfLabelKey(version)).toBe(vec.labels.key);
      expect(hkdfLabelIV(version)).toBe(vec.labels.iv);
      expect(hkdfHeaderProtectionLabel(version)).toBe(vec.labels.hp);
      expect(hkdfLabelKeyUpdate(version)).toBe(vec.labels.ku);
    });

    it('derives the initial secret, the client and server secrets, and their key, iv and hp', () => {
      expect(hkdfExtract(sha256, salts.get(version)!, dcid)).toEqual(vec.initialSecret);
      const { clientSecret, serverSecret } = computeSecrets(dcid, version);
      for (const [secret, want] of [
        [clientSecret, vec.client],
        [serverSecret, vec.server],
      ] as const) {
        expect(secret).toEqual(want.secret);
        expect(hkdfExpandLabel(sha256, secret, hkdfLabelKey(version), empty, 16)).toEqual(want.key);
        expect(hkdfExpandLabel(sha256, secret, hkdfLabelIV(version), empty, 12)).toEqual(want.iv);
        expect(hkdfExpandLabel(sha256, secret, hkdfHeaderProtectionLabel(version), empty, 16)).toEqual(want.hp);
      }
    });
  });

  describe.each(backends)('backend %s', (backend) => {
    it('A.2: computes the header-protection mask of the client Initial', () => {
      const mask = newHeaderMaskCipher('aes-gcm', vec.client.hp, backend).mask(vec.clientSample);
      expect(mask.subarray(0, 5)).toEqual(vec.clientMask);
    });

    it('A.2: protects the client Initial into the 1200 bytes of the RFC', () => {
      const [sealer] = newInitialAEAD(dcid, Perspective.Client, version, backend);
      const payload = new Uint8Array(clientPayloadLen); // CRYPTO frame, then PADDING (0x00) frames
      payload.set(clientCryptoFrame);
      const packet = concat(vec.clientHeader, sealer.seal(payload, 2, vec.clientHeader));
      expect(packet.subarray(22, 38)).toEqual(vec.clientSample);
      sealer.encryptHeader(packet, clientPNOffset);
      expect(packet.subarray(0, 22)).toEqual(vec.clientProtectedHeader);
      expect(packet.length).toBe(1200);
      expect(packet).toEqual(vec.clientPacket);
    });

    it('A.2: the server removes the protection of the client Initial', () => {
      const [, opener] = newInitialAEAD(dcid, Perspective.Server, version, backend);
      const packet = vec.clientPacket.slice();
      const pnLen = opener.decryptHeader(packet, clientPNOffset);
      expect(pnLen).toBe(4);
      expect(packet.subarray(0, 22)).toEqual(vec.clientHeader);
      const pn = opener.decodePacketNumber(0x00000002, pnLen);
      expect(pn).toBe(2);
      const payload = opener.open(packet.subarray(22), pn, packet.subarray(0, 22));
      expect(payload.length).toBe(clientPayloadLen);
      expect(payload.subarray(0, clientCryptoFrame.length)).toEqual(clientCryptoFrame);
      expect(payload.subarray(clientCryptoFrame.length).every((b) => b === 0)).toBe(true);
    });

    it('A.3: protects the server Initial (2-byte packet number, sample from the third protected byte)', () => {
      const [sealer] = newInitialAEAD(dcid, Perspective.Server, version, backend);
      const packet = concat(vec.serverHeader, sealer.seal(serverPayload, 1, vec.serverHeader));
      expect(packet.subarray(serverPNOffset + 4, serverPNOffset + 20)).toEqual(vec.serverSample);
      expect(newHeaderMaskCipher('aes-gcm', vec.server.hp, backend).mask(vec.serverSample).subarray(0, 5)).toEqual(vec.serverMask);
      sealer.encryptHeader(packet, serverPNOffset);
      expect(packet.subarray(0, 20)).toEqual(vec.serverProtectedHeader);
      expect(packet).toEqual(vec.serverPacket);
    });

    it('A.3: the client removes the protection of the server Initial', () => {
      const [, opener] = newInitialAEAD(dcid, Perspective.Client, version, backend);
      const packet = vec.serverPacket.slice();
      expect(opener.decryptHeader(packet, serverPNOffset)).toBe(2);
      expect(packet.subarray(0, 20)).toEqual(vec.serverHeader);
      expect(opener.open(packet.subarray(20), 1, packet.subarray(0, 20))).toEqual(serverPayload);
    });

    it('A.4: computes the Retry integrity tag', () => {
      const withoutTag = vec.retry.subarray(0, vec.retry.length - 16);
      expect(getRetryIntegrityTag(withoutTag, dcid, version, backend)).toEqual(vec.retry.subarray(vec.retry.length - 16));
    });

    describe('A.5 ChaCha20-Poly1305 short header packet', () => {
      const suite = getCipherSuite(0x1303);
      const pn = 654360564;
      const pnOffset = 1; // empty Destination Connection ID

      it('derives key, iv, hp and ku from the secret', () => {
        expect(hkdfExpandLabel(sha256, chachaSecret, hkdfLabelKey(version), empty, 32)).toEqual(vec.chacha.key);
        expect(hkdfExpandLabel(sha256, chachaSecret, hkdfLabelIV(version), empty, 12)).toEqual(vec.chacha.iv);
        expect(hkdfExpandLabel(sha256, chachaSecret, hkdfHeaderProtectionLabel(version), empty, 32)).toEqual(vec.chacha.hp);
        expect(hkdfExpandLabel(sha256, chachaSecret, hkdfLabelKeyUpdate(version), empty, 32)).toEqual(vec.chacha.ku);
      });

      it('encodes 49140, the low 3 bytes, and the receiver decodes it back', () => {
        expect(pn % 2 ** 24).toBe(49140);
        expect(vec.chacha.header.subarray(1)).toEqual(Uint8Array.of(0x00, 0xbf, 0xf4));
        expect(decodePacketNumber(3, pn - 1, 49140)).toBe(pn);
      });

      it('computes the ChaCha20 header-protection mask', () => {
        expect(newHeaderMaskCipher('chacha20-poly1305', vec.chacha.hp, backend).mask(vec.chacha.sample).subarray(0, 5)).toEqual(vec.chacha.mask);
      });

      it('seals the PING frame and protects the header into the 21-byte packet', () => {
        const sealer = new updatableAEAD(new RTTStats(), version, backend);
        sealer.setWriteKey(suite, chachaSecret);
        const ciphertext = sealer.seal(Uint8Array.of(0x01), pn, vec.chacha.header);
        expect(ciphertext).toEqual(vec.chacha.ciphertext);
        const packet = concat(vec.chacha.header, ciphertext);
        sealer.encryptHeader(packet, pnOffset);
        expect(packet.subarray(0, 4)).toEqual(vec.chacha.protectedHeader);
        expect(packet).toEqual(vec.chacha.packet);
      });

      it('opens the 21-byte packet', () => {
        const opener = new updatableAEAD(new RTTStats(), version, backend);
        opener.setReadKey(suite, chachaSecret);
        const packet = vec.chacha.packet.slice();
        expect(opener.decryptHeader(packet, pnOffset)).toBe(3);
        expect(packet.subarray(0, 4)).toEqual(vec.chacha.header);
        expect(opener.open(packet.subarray(4), 0, pn, 0, packet.subarray(0, 4))).toEqual(Uint8Array.of(0x01));
      });

      it('after a key update, seals with the keys of the "ku" secret, under the same header-protection key', () => {
        const sealer = new updatableAEAD(new RTTStats(), version, backend, { first: 1, subsequent: 1 });
        sealer.setReadKey(suite, vec.chacha.ku); // a key update rolls both directions; any read secret will do
        sealer.setWriteKey(suite, chachaSecret);
        sealer.setHandshakeConfirmed();
        sealer.seal(Uint8Array.of(0x01), pn, vec.chacha.header);
        expect(sealer.keyPhase()).toBe(1); // one packet sent in phase 0: the update starts
        const header = Uint8Array.of(0x46, 0x00, 0xbf, 0xf5); // Key Phase bit set, pn + 1
        const packet = concat(header, sealer.seal(Uint8Array.of(0x01), pn + 1, header));
        sealer.encryptHeader(packet, pnOffset);

        const nextKey = hkdfExpandLabel(sha256, vec.chacha.ku, hkdfLabelKey(version), empty, 32);
        const nextIV = hkdfExpandLabel(sha256, vec.chacha.ku, hkdfLabelIV(version), empty, 12);
        expect(newHeaderProtector(suite, chachaSecret, version, backend).decryptHeader(packet, pnOffset)).toBe(3);
        expect(packet.subarray(0, 4)).toEqual(header);
        expect(suite.aead(nextKey, nextIV, backend).open(packet.subarray(4), pn + 1, header)).toEqual(Uint8Array.of(0x01));
      });
    });
  });
});
