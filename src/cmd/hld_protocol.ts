// The HLD application protocol (ARCHITECTURE.md §5): what the article's server and client say on each
// client-opened bidirectional stream. The first byte names the business:
//
//   0x01 text     every following byte is echoed back; FIN answers FIN
//   0x05 upload   u32 BE N │ N bytes "name|size" │ size bytes  →  "OK <size> <sha256hex>\n", FIN
//   0x06 goodput  u64 BE count  →  count bytes of byte(i % 256), FIN
//
// A refusal is "ERR <reason>\n", then STOP_SENDING (cancelRead) and FIN.
//
// The article's own server speaks a subset: it reads the text with one Read and drops it if the
// FIN comes with it (so a client sends its FIN only once the echo is back), and it answers an
// upload with its FIN alone, no "OK" line (hld-client --peer article).

export const hldALPN = 'HLD';

export enum BusinessType {
  text = 0x01,
  upload = 0x05,
  goodput = 0x06,
}

/** The server echoes in chunks of at most this many bytes. */
export const echoChunkSize = 1024;
/** An upload header ("name|size") is 1 to 4096 bytes long. */
export const maxUploadHeaderLen = 4096;
/** The stream error code of the STOP_SENDING (or RESET_STREAM) that goes with a refusal. */
export const refusedCode = 0x10;

/** A request the server answers with "ERR <reason>". */
export class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Refusal';
  }
}

export function unknownBusinessType(t: number): Refusal {
  return new Refusal(`unknown business type 0x${t.toString(16).padStart(2, '0')}`);
}

export interface UploadHeader {
  name: string;
  size: number;
}

/** Checks the header length read from the u32 before the header itself. */
export function checkUploadHeaderLen(n: number): void {
  if (n === 0 || n > maxUploadHeaderLen) throw new Refusal(`bad header length ${n}`);
}

/**
 * Parses "name|size", split at the last "|" (a name may contain "|"), and applies §5's refusals:
 * no "|", a size that is not a plain decimal number, a size over `maxUpload`, a bad name.
 */
export function parseUploadHeader(header: string, maxUpload: number): UploadHeader {
  const i = header.lastIndexOf('|');
  if (i < 0) throw new Refusal("malformed header: no '|'");
  const name = header.slice(0, i);
  const sizeText = header.slice(i + 1);
  // Digits only: no sign, no spaces, no exponent; and exact as a JavaScript number.
  const size = Number(sizeText);
  if (!/^[0-9]+$/.test(sizeText) || !Number.isSafeInteger(size)) throw new Refusal(`bad size ${JSON.stringify(sizeText)}`);
  if (size > maxUpload) throw new Refusal(`size ${size} over limit ${maxUpload}`);
  if (!validFileName(name)) throw new Refusal(`bad file name ${JSON.stringify(name)}`);
  return { name, size };
}

/** A name that stays inside the output directory: not empty, not ".", no "/", "\", NUL or "..". */
export function validFileName(name: string): boolean {
  return name !== '' && name !== '.' && !/[/\\\0]/.test(name) && !name.includes('..');
}

/** The bytes of a refusal line. */
export function errLine(reason: string): Uint8Array {
  return new TextEncoder().encode(`ERR ${reason.replace(/\n/g, ' ')}\n`);
}

/** The bytes of the reply to a stored upload. */
export function okLine(size: number, sha256hex: string): Uint8Array {
  return new TextEncoder().encode(`OK ${size} ${sha256hex}\n`);
}

/** 0x05, u32 BE N, then the N bytes of "name|size" — what an upload starts with. */
export function encodeUploadPreamble(header: string): Uint8Array {
  const h = new TextEncoder().encode(header);
  const b = new Uint8Array(5 + h.length);
  b[0] = BusinessType.upload;
  new DataView(b.buffer).setUint32(1, h.length);
  b.set(h, 5);
  return b;
}

/** 0x06, u64 BE count: a goodput request. */
export function encodeGoodputRequest(count: number): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = BusinessType.goodput;
  new DataView(b.buffer).setBigUint64(1, BigInt(count));
  return b;
}

/** 0x01 followed by the message: a text stream's bytes. */
export function encodeText(message: string): Uint8Array {
  const m = new TextEncoder().encode(message);
  const b = new Uint8Array(1 + m.length);
  b[0] = BusinessType.text;
  b.set(m, 1);
  return b;
}

/** 64 KiB of byte(i % 256); 65536 is a multiple of 256, so blocks can follow each other. */
export const patternBlock: Uint8Array = Uint8Array.from({ length: 1 << 16 }, (_, i) => i % 256);

/** The first byte at `offset` that breaks the pattern byte(i % 256), or -1. */
export function findPatternMismatch(chunk: Uint8Array, offset: number): number {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== (offset + i) % 256) return i;
  return -1;
}
