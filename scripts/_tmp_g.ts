import { gcm } from '@noble/ciphers/aes.js';
import { opsPerSecond } from './bench/measure.ts';
const key = new Uint8Array(16).fill(7), nonce = new Uint8Array(12).fill(1), header = new Uint8Array(11), payload = new Uint8Array(1323);
const sealed = gcm(key, nonce, header).encrypt(payload);
console.log(gcm(key, nonce, header).decrypt(sealed).length);
for (let i = 0; i < 2; i++) {
console.log('enc', opsPerSecond(() => gcm(key, nonce, header).encrypt(payload), 1000));
console.log('dec', opsPerSecond(() => gcm(key, nonce, header).decrypt(sealed), 1000));
}
