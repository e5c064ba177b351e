// TLS 1.3 handshakes per second, client and server together in one thread (in memory, no
// packets): the CPU cost of a QUIC connection's handshake, per key exchange group and
// certificate signature scheme, plus a resumed and a HelloRetryRequest handshake.
import { CurveID } from '../../src/internal/tls/common.ts';
import type { ClientSessionState } from '../../src/internal/tls/session_ticket.ts';
import { clientConfig, connect, pump, serverConfig } from '../../test/internal/tls/pump.ts';
import { opsPerSecond, type BenchRow, type BenchSection } from './measure.ts';

const groups = [
  { id: CurveID.x25519, name: 'X25519' },
  { id: CurveID.secp256r1, name: 'P-256' },
];
const kinds = [
  { kind: 'ecdsa-p256', name: 'ecdsa_secp256r1_sha256' },
  { kind: 'ed25519', name: 'ed25519' },
] as const;

function handshake(client: Parameters<typeof connect>[0], server: Parameters<typeof connect>[1]): void {
  const r = connect(client, server);
  if (r.client.error || r.server.error || !r.client.conn.connectionState().handshakeComplete) {
    throw r.client.error ?? r.server.error ?? new Error('handshake did not complete');
  }
}

export const section: BenchSection = {
  name: 'TLS 1.3 handshakes (client + server, in memory)',
  run({ durationMs }) {
    const rows: BenchRow[] = [];
    for (const { kind, name: scheme } of kinds) {
      const server = serverConfig({ kind });
      for (const group of groups) {
        const client = clientConfig({ curvePreferences: [group.id] });
        rows.push({ name: `full, ${group.name}, ${scheme}`, value: opsPerSecond(() => handshake(client, server), durationMs), unit: 'handshakes/s' });
      }
    }

    const server = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(1) });
    const hrrServer = { ...server, curvePreferences: [CurveID.secp256r1] };
    rows.push({ name: 'HelloRetryRequest X25519 -> P-256, ecdsa', value: opsPerSecond(() => handshake(clientConfig(), hrrServer), durationMs), unit: 'handshakes/s' });

    const cache = new Map<string, ClientSessionState>();
    const client = clientConfig({ clientSessionCache: cache, serverName: 'localhost' });
    const first = connect(client, server);
    first.server.conn.sendSessionTicket();
    pump(first.client, first.server, { start: false });
    rows.push({ name: 'resumed (psk_dhe_ke), X25519', value: opsPerSecond(() => handshake(client, server), durationMs), unit: 'handshakes/s' });
    return rows;
  },
};
