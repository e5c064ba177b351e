// The transcript hash (RFC 8446 §4.4.1): a running hash over every handshake message
// (type, length and body) in the order sent and received. Secrets and Finished are computed
// over a snapshot of it, so it is never finalised in place.
import { concatBytes } from '@noble/hashes/utils.js';
import type { Hash } from '../handshake/hkdf.ts';
import { HandshakeType } from './common.ts';

type HashState = ReturnType<Hash['create']>;

export class Transcript {
  private state: HashState;

  constructor(readonly hash: Hash) {
    this.state = hash.create();
  }

  write(message: Uint8Array): void {
    this.state.update(message);
  }

  /** Transcript-Hash(messages so far). */
  sum(): Uint8Array {
    return this.state.clone().digest();
  }

  /** A copy to extend speculatively, e.g. with a truncated ClientHello for a PSK binder. */
  clone(): Transcript {
    const t = new Transcript(this.hash);
    t.state = this.state.clone();
    return t;
  }

  /**
   * After a HelloRetryRequest, ClientHello1 is replaced by the synthetic message
   *   message_hash(254) || 00 00 Hash.length || Hash(ClientHello1)
   * (RFC 8446 §4.4.1). Call this when the transcript holds exactly ClientHello1.
   */
  replaceWithMessageHash(): void {
    const digest = this.sum();
    this.state = this.hash.create();
    this.write(concatBytes(Uint8Array.of(HandshakeType.messageHash, 0, 0, digest.length), digest));
  }
}
