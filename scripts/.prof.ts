import { x25519, ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
function t(name: string, f: () => void) { for (let i = 0; i < 20; i++) f(); const n = 200; const s = performance.now(); for (let i = 0; i < n; i++) f(); console.log(name, ((performance.now() - s) / n).toFixed(3), 'ms'); }
const a = x25519.utils.randomSecretKey(), b = x25519.getPublicKey(x25519.utils.randomSecretKey());
t('x25519 pub', () => x25519.getPublicKey(a));
t('x25519 ecdh', () => x25519.getSharedSecret(a, b));
const pa = p256.utils.randomSecretKey(), pb = p256.getPublicKey(p256.utils.randomSecretKey(), false);
t('p256 pub', () => p256.getPublicKey(pa, false));
t('p256 ecdh', () => p256.getSharedSecret(pa, pb, true));
const msg = sha256(new Uint8Array(100));
const sig = p256.sign(msg, pa, { prehash: false, format: 'der' });
t('p256 sign', () => p256.sign(msg, pa, { prehash: false, format: 'der' }));
t('p256 verify', () => p256.verify(sig, msg, p256.getPublicKey(pa, false), { prehash: false, format: 'der', lowS: false }));
const es = ed25519.utils.randomSecretKey(); const esig = ed25519.sign(msg, es); const epub = ed25519.getPublicKey(es);
t('ed sign', () => ed25519.sign(msg, es));
t('ed verify', () => ed25519.verify(esig, msg, epub, { zip215: false }));
