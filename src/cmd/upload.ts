// Storing an upload safely: the bytes go to a fresh `*.part` file beside the target, which is
// renamed to `<out>/received_<name>` only once every byte is in. A refused, truncated or reset
// upload is aborted and leaves nothing behind — not even the part file. No name can reach a path
// outside `out`.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Refusal, validFileName } from './hld_protocol.ts';

/** Where an upload named `name` ends up; throws a Refusal for a name that would leave `outDir`. */
export function uploadPath(outDir: string, name: string): string {
  const dir = resolve(outDir);
  const target = resolve(dir, `received_${name}`);
  // validFileName is the protocol's rule; the second check holds even if that rule were loosened.
  if (!validFileName(name) || dirname(target) !== dir || basename(target) !== `received_${name}`) {
    throw new Refusal(`bad file name ${JSON.stringify(name)}`);
  }
  return target;
}

/** Bytes gathered before one write to the part file. */
const writeBufferSize = 256 * 1024;

export class UploadFile {
  private readonly hash: Hash = createHash('sha256');
  private written = 0;
  private readonly buf = new Uint8Array(writeBufferSize);
  private buffered = 0;
  private done = false;

  private constructor(
    /** the final path, <out>/received_<name> */
    readonly path: string,
    /** the part file the bytes go to until commit */
    readonly partPath: string,
    private readonly fh: FileHandle,
  ) {}

  /** Creates the part file (O_EXCL: never an existing file, never through a symlink). */
  static async create(outDir: string, name: string): Promise<UploadFile> {
    const path = uploadPath(outDir, name);
    const partPath = `${path}.${randomBytes(6).toString('hex')}.part`;
    let fh: FileHandle;
    try {
      fh = await open(partPath, 'wx', 0o644);
    } catch {
      throw new Refusal('cannot store upload');
    }
    return new UploadFile(path, partPath, fh);
  }

  get bytesWritten(): number {
    return this.written;
  }

  /**
   * Appends a chunk. Small chunks (a STREAM frame is ~1.2 kB) are gathered into one buffer and
   * written together; the promise resolves once there is room again, so the caller reads no faster
   * than the disk writes.
   */
  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.written += chunk.length;
    for (let off = 0; off < chunk.length; ) {
      const n = Math.min(chunk.length - off, this.buf.length - this.buffered);
      this.buf.set(chunk.subarray(off, off + n), this.buffered);
      this.buffered += n;
      off += n;
      if (this.buffered === this.buf.length) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    try {
      for (let off = 0; off < this.buffered; ) {
        const { bytesWritten } = await this.fh.write(this.buf, off, this.buffered - off);
        off += bytesWritten;
      }
    } catch {
      throw new Refusal('cannot store upload'); // disk full, …: the reason stays ours, not the file system's
    }
    this.buffered = 0;
  }

  /** Closes the part file and renames it into place; returns the sha256 (hex) of what was written. */
  async commit(): Promise<string> {
    this.done = true;
    try {
      await this.flush();
      await this.fh.close();
      await rename(this.partPath, this.path);
    } catch {
      await this.fh.close().catch(() => undefined); // already closed unless flush failed
      await unlink(this.partPath).catch(() => undefined);
      throw new Refusal('cannot store upload');
    }
    return this.hash.digest('hex');
  }

  /** Throws the part file away. Safe to call more than once, and after commit (then it does nothing). */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.fh.close().catch(() => undefined);
    await unlink(this.partPath).catch(() => undefined);
  }
}
