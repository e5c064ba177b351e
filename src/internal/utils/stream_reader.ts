// Buffered reads on a QUIC receive stream: Go's io.ReadFull and bufio.ReadString for a stream whose
// read() hands out chunks as they arrived. No quic-go twin: it stands in for Go's io and bufio,
// which the HLD programs (src/cmd) and HTTP/3 (src/http3) both read streams with.

/** What StreamReader reads from: a ReceiveStream (src/interface.ts), named here by its shape so that internal/ imports nothing above it (ARCHITECTURE.md §1). */
export interface chunkReader {
  /** the next chunk as it arrived; undefined at the end of the stream (FIN) */
  read(): Promise<Uint8Array | undefined>;
}

export class StreamReader {
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly str: chunkReader) {}

  /** The next bytes, at most `max` of them; undefined at the end of the stream (FIN). */
  async read(max = Infinity): Promise<Uint8Array | undefined> {
    if (this.pending.length === 0) {
      const chunk = await this.str.read();
      if (chunk === undefined) return undefined;
      this.pending = chunk;
    }
    const n = Math.min(max, this.pending.length);
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** Exactly n bytes (io.ReadFull); undefined if the stream ends first. */
  async readFull(n: number): Promise<Uint8Array | undefined> {
    const out = new Uint8Array(n);
    for (let got = 0; got < n; ) {
      const chunk = await this.read(n - got);
      if (chunk === undefined) return undefined;
      out.set(chunk, got);
      got += chunk.length;
    }
    return out;
  }

  /**
   * One line without its "\n"; at the end of the stream, what came before it ('' if nothing).
   * Longer than `maxLen`: an Error.
   */
  async readLine(maxLen = 64 * 1024): Promise<string> {
    const parts: Uint8Array[] = [];
    let len = 0;
    for (;;) {
      const chunk = await this.read();
      if (chunk === undefined) break;
      const nl = chunk.indexOf(0x0a);
      if (nl >= 0) {
        parts.push(chunk.subarray(0, nl));
        this.pending = chunk.subarray(nl + 1); // read() consumed all of `chunk`; give back the rest
        break;
      }
      parts.push(chunk);
      len += chunk.length;
      if (len > maxLen) throw new Error(`line longer than ${maxLen} bytes`);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** True at the end of the stream; false if more data follows (that data is not consumed). */
  async atEnd(): Promise<boolean> {
    if (this.pending.length > 0) return false;
    const chunk = await this.str.read();
    if (chunk === undefined) return true;
    this.pending = chunk;
    return false;
  }
}
