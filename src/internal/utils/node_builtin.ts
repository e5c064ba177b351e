// Node's built-in modules, looked up when first used (process.getBuiltinModule, Node ≥ 20.16)
// rather than imported. Only the Node-only parts need them: the node:crypto backend, the UDP socket
// (sys_conn.ts), qlog's files and the trace's async context. A page that never uses those (the
// playground: noble's crypto on the in-memory network) loads the same src/ files without any Node
// module; there, asking for one fails with a clear error instead of a missing import at load time.
import type * as asyncHooks from 'node:async_hooks';
import type * as crypto from 'node:crypto';
import type * as dgram from 'node:dgram';
import type * as dns from 'node:dns';
import type * as fs from 'node:fs';

interface builtins {
  'node:async_hooks': typeof asyncHooks;
  'node:crypto': typeof crypto;
  'node:dgram': typeof dgram;
  'node:dns': typeof dns;
  'node:fs': typeof fs;
}

/** True when Node's built-ins can be looked up (Node, not a browser). */
export function hasNodeBuiltins(): boolean {
  return typeof globalThis.process?.getBuiltinModule === 'function';
}

const loaded = new Map<keyof builtins, unknown>();

/** Node's built-in module `id`, looked up once (the node:crypto backend asks for each packet); throws outside Node. */
export function nodeBuiltin<K extends keyof builtins>(id: K): builtins[K] {
  let m = loaded.get(id);
  if (m === undefined) {
    if (!hasNodeBuiltins()) throw new Error(`${id} is only available in Node (here, use the in-memory network and the noble crypto backend)`);
    m = globalThis.process.getBuiltinModule(id);
    loaded.set(id, m);
  }
  return m as builtins[K];
}
