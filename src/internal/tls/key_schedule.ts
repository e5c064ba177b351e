// The TLS 1.3 key schedule (RFC 8446 §7.1), one class per stage as in Go's crypto/tls
// internal tls13 package:
//
//              0
//              |
//    PSK ->  HKDF-Extract = Early Secret ----> binder_key, client_early_traffic_secret
//              |
//        Derive-Secret(., "derived", "")
//              |
//  (EC)DHE -> HKDF-Extract = Handshake Secret --> {client,server}_handshake_traffic_secret
//              |
//        Derive-Secret(., "derived", "")
//              |
//     0 -> HKDF-Extract = Master Secret --> {client,server}_application_traffic_secret_0,
//                                           exporter_master_secret, resumption_master_secret
import { hkdfExpandLabel, hkdfExtract, hmacOf, type Hash } from '../handshake/hkdf.ts';

// Labels of Derive-Secret (RFC 8446 §7.1), under Go's names.
const resumptionBinderLabel = 'res binder';
const clientEarlyTrafficLabel = 'c e traffic';
const clientHandshakeTrafficLabel = 'c hs traffic';
const serverHandshakeTrafficLabel = 's hs traffic';
const clientApplicationTrafficLabel = 'c ap traffic';
const serverApplicationTrafficLabel = 's ap traffic';
const exporterLabel = 'exp master';
const resumptionLabel = 'res master';

/** Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length). */
export function deriveSecret(hash: Hash, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, label, transcriptHash, hash.outputLen);
}

/** Derive-Secret(secret, "derived", ""): the salt that links one stage to the next. */
function derivedSalt(hash: Hash, secret: Uint8Array): Uint8Array {
  return deriveSecret(hash, secret, 'derived', hash(new Uint8Array(0)));
}

export class EarlySecret {
  readonly secret: Uint8Array;

  /** Without a PSK the input is a string of Hash.length zeros. */
  constructor(readonly hash: Hash, psk?: Uint8Array) {
    this.secret = hkdfExtract(hash, new Uint8Array(hash.outputLen), psk ?? new Uint8Array(hash.outputLen));
  }

  /** binder_key for a resumption PSK (§4.2.11.2). */
  resumptionBinderKey(): Uint8Array {
    return deriveSecret(this.hash, this.secret, resumptionBinderLabel, this.hash(new Uint8Array(0)));
  }

  /** client_early_traffic_secret over ClientHello: the 0-RTT key (RFC 9001 §4.6). */
  clientEarlyTrafficSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, clientEarlyTrafficLabel, transcriptHash);
  }

  handshakeSecret(sharedSecret: Uint8Array): HandshakeSecret {
    return new HandshakeSecret(this.hash, hkdfExtract(this.hash, derivedSalt(this.hash, this.secret), sharedSecret));
  }
}

export class HandshakeSecret {
  constructor(readonly hash: Hash, readonly secret: Uint8Array) {}

  /** client_handshake_traffic_secret over ClientHello...ServerHello. */
  clientHandshakeTrafficSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, clientHandshakeTrafficLabel, transcriptHash);
  }

  /** server_handshake_traffic_secret over ClientHello...ServerHello. */
  serverHandshakeTrafficSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, serverHandshakeTrafficLabel, transcriptHash);
  }

  masterSecret(): MasterSecret {
    const zeros = new Uint8Array(this.hash.outputLen);
    return new MasterSecret(this.hash, hkdfExtract(this.hash, derivedSalt(this.hash, this.secret), zeros));
  }
}

export class MasterSecret {
  constructor(readonly hash: Hash, readonly secret: Uint8Array) {}

  /** client_application_traffic_secret_0 over ClientHello...server Finished. */
  clientApplicationTrafficSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, clientApplicationTrafficLabel, transcriptHash);
  }

  /** server_application_traffic_secret_0 over ClientHello...server Finished. */
  serverApplicationTrafficSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, serverApplicationTrafficLabel, transcriptHash);
  }

  /** exporter_master_secret over ClientHello...server Finished. */
  exporterMasterSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, exporterLabel, transcriptHash);
  }

  /** resumption_master_secret over ClientHello...client Finished. */
  resumptionMasterSecret(transcriptHash: Uint8Array): Uint8Array {
    return deriveSecret(this.hash, this.secret, resumptionLabel, transcriptHash);
  }
}

/**
 * verify_data = HMAC(finished_key, Transcript-Hash(...)), with
 * finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 8446 §4.4.4).
 * BaseKey is a handshake traffic secret, or the binder_key for a PSK binder (§4.2.11.2).
 */
export function finishedVerifyData(hash: Hash, baseKey: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  const finishedKey = hkdfExpandLabel(hash, baseKey, 'finished', new Uint8Array(0), hash.outputLen);
  return hmacOf(hash, finishedKey, transcriptHash);
}

/** The PSK a ticket stands for: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length) (§4.6.1). */
export function resumptionPSK(hash: Hash, resumptionMasterSecret: Uint8Array, ticketNonce: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, resumptionMasterSecret, 'resumption', ticketNonce, hash.outputLen);
}
