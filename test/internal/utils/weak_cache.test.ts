import { describe, expect, it } from 'vitest';
import { getOrCreate } from '../../../src/internal/utils/weak_cache.ts';

describe('getOrCreate', () => {
  it('makes a value once per key and returns the stored one afterwards', () => {
    const cache = new WeakMap<object, { n: number }>();
    let made = 0;
    const create = () => ({ n: ++made });
    const a = {};
    const b = {};
    const first = getOrCreate(cache, a, create);
    expect(getOrCreate(cache, a, create)).toBe(first);
    expect(getOrCreate(cache, b, create)).toEqual({ n: 2 });
    expect(made).toBe(2);
    expect(cache.get(a)).toBe(first);
  });
});
