import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../src/cmd/hld_protocol.ts';
import { UploadFile, uploadPath } from '../../src/cmd/upload.ts';

const root = mkdtempSync(join(tmpdir(), 'hld-upload-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  const d = join(root, `out${n++}`);
  mkdirSync(d);
  return d;
}

describe('uploadPath', () => {
  it('puts received_<name> directly in the output directory', () => {
    expect(uploadPath('/srv/out', 'movie.mp4')).toBe('/srv/out/received_movie.mp4');
  });

  it.each(['../x', 'a/../../x', '/etc/passwd', 'a\\b', '..', '.', '', 'x\0y'])('refuses %j', (name) => {
    expect(() => uploadPath('/srv/out', name)).toThrow(Refusal);
    expect(() => uploadPath('/srv/out', name)).toThrow(/bad file name/);
  });

  it('never yields a path outside the output directory', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', '\0', 'é', '|') }), (name) => {
        let p: string;
        try {
          p = uploadPath('/srv/out', name);
        } catch (e) {
          return e instanceof Refusal;
        }
        return dirname(p) === resolve('/srv/out');
      }),
    );
  });
});

describe('UploadFile', () => {
  it('writes to a .part file and renames it into place on commit', async () => {
    const dir = freshDir();
    const data = randomBytes(700_000); // more than one write buffer
    const f = await UploadFile.create(dir, 'movie.bin');
    for (let off = 0; off < data.length; off += 1200) await f.write(data.subarray(off, off + 1200));
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^received_movie\.bin\.[0-9a-f]+\.part$/)]);
    const sum = await f.commit();
    expect(sum).toBe(createHash('sha256').update(data).digest('hex'));
    expect(readdirSync(dir)).toEqual(['received_movie.bin']);
    expect(readFileSync(join(dir, 'received_movie.bin')).equals(data)).toBe(true);
    await f.abort(); // after commit: nothing to undo
    expect(readdirSync(dir)).toEqual(['received_movie.bin']);
  });

  it('leaves no file at all when aborted (a truncated or reset upload)', async () => {
    const dir = freshDir();
    const f = await UploadFile.create(dir, 'broken.bin');
    await f.write(randomBytes(300_000));
    expect(readdirSync(dir)).toHaveLength(1);
    await f.abort();
    await f.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces an earlier upload of the same name only when the new one is complete', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'received_same.bin'), 'old');
    const broken = await UploadFile.create(dir, 'same.bin');
    await broken.write(Buffer.from('half'));
    await broken.abort();
    expect(readFileSync(join(dir, 'received_same.bin'), 'utf8')).toBe('old');
    const good = await UploadFile.create(dir, 'same.bin');
    await good.write(Buffer.from('new'));
    await good.commit();
    expect(readFileSync(join(dir, 'received_same.bin'), 'utf8')).toBe('new');
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const dir = freshDir();
    const outside = join(root, `outside${n++}.txt`);
    writeFileSync(outside, 'untouched');
    symlinkSync(outside, join(dir, 'received_link.bin'));
    const f = await UploadFile.create(dir, 'link.bin');
    await f.write(Buffer.from('data'));
    await f.commit();
    expect(readFileSync(outside, 'utf8')).toBe('untouched');
    expect(readFileSync(join(dir, 'received_link.bin'), 'utf8')).toBe('data');
  });

  it('refuses to store when the output directory is missing', async () => {
    await expect(UploadFile.create(join(root, 'no-such-dir'), 'x.bin')).rejects.toThrow('cannot store upload');
    expect(existsSync(join(root, 'no-such-dir'))).toBe(false);
  });
});
