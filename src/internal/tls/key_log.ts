// The NSS key log format: one "<label> <client_random> <secret>" line per secret, in hex, which
// Wireshark and tshark read to decrypt a capture (its tls.keylog_file setting). quic-go hands
// crypto/tls's KeyLogWriter the same lines.
import { bytesToHex } from '@noble/hashes/utils.js';
import { EncryptionLevel } from '../protocol/protocol.ts';

export const keyLogLabelClientEarly = 'CLIENT_EARLY_TRAFFIC_SECRET';
export const keyLogLabelClientHandshake = 'CLIENT_HANDSHAKE_TRAFFIC_SECRET';
export const keyLogLabelServerHandshake = 'SERVER_HANDSHAKE_TRAFFIC_SECRET';
export const keyLogLabelClientTraffic = 'CLIENT_TRAFFIC_SECRET_0';
export const keyLogLabelServerTraffic = 'SERVER_TRAFFIC_SECRET_0';
export const keyLogLabelExporter = 'EXPORTER_SECRET';

/** The label of the traffic secret that `client` (or the server) writes with at `level`. */
export function trafficSecretLabel(level: EncryptionLevel, client: boolean): string | undefined {
  switch (level) {
    case EncryptionLevel.ZeroRTT:
      return client ? keyLogLabelClientEarly : undefined;
    case EncryptionLevel.Handshake:
      return client ? keyLogLabelClientHandshake : keyLogLabelServerHandshake;
    case EncryptionLevel.OneRTT:
      return client ? keyLogLabelClientTraffic : keyLogLabelServerTraffic;
    default:
      return undefined; // Initial keys come from the connection ID, not from TLS
  }
}

export function keyLogLine(label: string, clientRandom: Uint8Array, secret: Uint8Array): string {
  return `${label} ${bytesToHex(clientRandom)} ${bytesToHex(secret)}`;
}
