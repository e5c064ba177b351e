// What QUIC adds to a TLS session (quic-go: internal/handshake/session_ticket.go, and the client's
// marshalDataForSessionState in crypto_setup.go, which writes the same layout). The server seals
// it into its ticket as the session's extra data; the client stores it beside the ticket. Both
// hold the RTT estimate and, for a session that allows 0-RTT, the transport parameters 0-RTT
// data is sent under: the server's own (to compare with its current ones), or the server's as the
// client saw them (to use them before the new ones arrive) (RFC 9000 §7.4.1).
import { Reader, Writer } from '../wire/varint.ts';
import { marshalForSessionTicket, unmarshalFromSessionTicket, type TransportParameters } from '../wire/transport_parameters.ts';

/** quic-go's sessionTicketRevision (and clientSessionStateRevision, the same value). */
const sessionTicketRevision = 4;

export interface sessionTicket {
  /** Only in a session that allows 0-RTT. */
  parameters?: TransportParameters;
  /**
   * smoothed_rtt in ms (encoded in µs, as quic-go does). quic-go starts a resumed connection's RTT
   * estimate from it (SetInitialRTT); ours keeps the default initial RTT (RFC 9002 §6.2.2).
   */
  rtt: number;
}

export function marshalSessionTicket(t: sessionTicket): Uint8Array {
  const w = new Writer(128);
  w.writeVarint(sessionTicketRevision);
  w.writeVarint(Math.round(t.rtt * 1000));
  if (t.parameters) marshalForSessionTicket(t.parameters, w);
  return w.bytes();
}

/**
 * The session data, with the transport parameters when `using0RTT` (a ticket that allows 0-RTT,
 * used for 0-RTT). Throws on anything else: the session is then resumed without 0-RTT.
 */
export function unmarshalSessionTicket(b: Uint8Array, using0RTT: boolean): sessionTicket {
  const r = new Reader(b);
  const rev = r.readVarint();
  if (rev !== sessionTicketRevision) throw new Error(`unknown session ticket revision: ${rev}`);
  const rtt = r.readVarint() / 1000;
  const rest = b.subarray(r.offset);
  if (using0RTT) return { rtt, parameters: unmarshalFromSessionTicket(rest) };
  if (rest.length > 0) throw new Error('the session ticket has more bytes than expected');
  return { rtt };
}
