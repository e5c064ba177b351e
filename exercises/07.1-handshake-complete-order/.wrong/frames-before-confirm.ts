// Queues HANDSHAKE_DONE and closes the channel before confirming the handshake (dropping the Handshake keys).
import type { Chan } from '../../../src/internal/utils/chan.ts';
import type { TokenGenerator } from '../../../src/internal/handshake/token_generator.ts';
import { connIDToHex, Perspective, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { Frame } from '../../../src/internal/wire/frame.ts';
import type { receivedPacket, UDPAddr } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

/** What handleHandshakeComplete uses of a connection (private members of src/connection.ts). */
export interface connectionAtCompletion {
  readonly handshakeCompleteChan: Chan<void>;
  readonly srcConnID: ConnectionID;
  readonly perspective: Perspective;
  readonly peerAddr: UDPAddr;
  readonly tokenGenerator: TokenGenerator | undefined;
  undecryptablePackets: receivedPacket[];
  readonly connIDGenerator: { setHandshakeComplete(): void };
  readonly connIDManager: { setHandshakeComplete(): void };
  readonly cryptoStreamHandler: { sendSessionTicket(): void };
  readonly streams: { queueControlFrame(f: Frame): void };
  handleHandshakeConfirmed(now: number): void;
  handleHandshakeEvents(): void;
}

export function handleHandshakeComplete(this: connectionAtCompletion, now: number): void {
  try {
    this.undecryptablePackets = [];
    this.connIDManager.setHandshakeComplete();
    this.connIDGenerator.setHandshakeComplete();
    if (this.perspective === Perspective.Client) return;
    this.cryptoStreamHandler.sendSessionTicket();
    this.handleHandshakeEvents();
    if (this.tokenGenerator) this.streams.queueControlFrame({ type: 'new_token', token: this.tokenGenerator.newToken(this.peerAddr) });
    this.streams.queueControlFrame({ type: 'handshake_done' });
  } finally {
    this.handshakeCompleteChan.close();
  }
  if (this.perspective === Perspective.Server) this.handleHandshakeConfirmed(now);
}
