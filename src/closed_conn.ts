// Placeholders that stand in for a closed connection for a few seconds (quic-go: closed_conn.go).
// RFC 9000 §10.2: after closing, an endpoint answers stray packets with its CONNECTION_CLOSE
// (closing state), or swallows them (draining state, when the peer closed).
import type { packetHandler } from './packet_handler.ts';
import type { receivedPacket, UDPAddr } from './sys_conn.ts';

/** We closed: re-send our CONNECTION_CLOSE on the 1st, 2nd, 4th, 8th, … packet that still arrives. */
export class closedLocalConn implements packetHandler {
  counter = 0;

  constructor(readonly sendPacket: (addr: UDPAddr) => void) {}

  handlePacket(p: receivedPacket): void {
    this.counter++;
    // exponential backoff: only for powers of two
    if ((this.counter & (this.counter - 1)) !== 0) return;
    this.sendPacket(p.remoteAddr); // @anchor closedLocalConn.resend
  }

  destroy(): void {}
  closeWithTransportError(): void {}
}

/** The peer closed: absorb reordered packets it sent before its CONNECTION_CLOSE. */
export class closedRemoteConn implements packetHandler {
  handlePacket(): void {}
  destroy(): void {}
  closeWithTransportError(): void {}
}
