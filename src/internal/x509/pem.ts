// PEM, the text armour around DER (RFC 7468): "-----BEGIN LABEL-----", base64 lines, "-----END LABEL-----".
import { malformed } from './errors.ts';

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every block in `pem`, in order; text between blocks is ignored, as RFC 7468 §2 allows. */
export function parsePemBlocks(pem: string): { label: string; der: Uint8Array }[] {
  const blocks: { label: string; der: Uint8Array }[] = [];
  for (const [, label, body] of pem.matchAll(blockPattern)) {
    const base64 = body.replace(/\s+/g, '');
    if (!base64Pattern.test(base64)) throw malformed(`PEM: bad base64 in ${label} block`);
    blocks.push({ label, der: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) });
  }
  return blocks;
}

/** The PEM block for `der`, base64 in lines of 64 characters (RFC 7468 §2). */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = btoa(Array.from(der, (b) => String.fromCharCode(b)).join(''));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${label}-----\n`;
}
