// What the connection may send next (quic-go internal/ackhandler/send_mode.go).
export type SendMode =
  /** Nothing: amplification limited, or too many packets tracked. */
  | 'none'
  /** Only an ACK-only packet: the congestion window is full. */
  | 'ack'
  /** A probe packet in this packet number space (RFC 9002 §6.2.4). */
  | 'pto_initial'
  | 'pto_handshake'
  | 'pto_app'
  /** The pacer holds the next packet back until timeUntilSend(). */
  | 'pacing_limited'
  /** Anything. */
  | 'any';
