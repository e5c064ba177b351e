// Values computed once per object and kept as long as the object lives (a WeakMap).

/** The value stored for key, made by `create` and stored the first time it is asked for. */
export function getOrCreate<K extends object, V>(cache: WeakMap<K, V>, key: K, create: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = create(key);
    cache.set(key, value);
  }
  return value;
}
