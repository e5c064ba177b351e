// The article's server: `npm run server -- [flags]` or `npx tsx src/cmd/hld-server.ts [flags]`.
// Prints "listening HOST:PORT", then one line per connection, upload and refusal (ARCHITECTURE.md §6).
import { debugTimeouts, type Config } from '../index.ts';
import { addrString } from '../index.ts';
import { commonOptions, existingDir, parseAddr, parseALPN, parseByteCount, parseDuration, parseFlags } from './flags.ts';
import { fail, installTrace } from './output.ts';
import { startServer } from './serve.ts';
import { serverTLSConfig } from './tls_setup.ts';
import { h3ALPN, runH3Server } from './h3_server.ts';

const usage = `usage: hld-server [flags]
  --listen ADDR        address to listen on (default 127.0.0.1:9000; port 0 picks a free one)
  --cert F --key F     certificate chain and private key (PEM); default: a fresh self-signed
                       ECDSA P-256 certificate for 127.0.0.1, ::1 and localhost
  --write-cert F       write the certificate in use (PEM), for a client's --ca
  --out DIR            where uploads are stored as received_<name> (default .)
  --max-upload BYTES   largest upload accepted (default 1073741824)
  --alpn LIST          ALPN protocols offered, comma-separated (default HLD)
  --retry              make every client prove its address with a Retry first
  --0rtt               listen with an EarlyListener and accept 0-RTT data from resuming clients
                       (Config.allow0RTT; RFC 9001 §4.6)
  --keylog F           append TLS secrets in NSS key log format (for Wireshark)
  --qlog DIR           qlog directory (Config.qlogDir)
  --trace              print the accept chain as it happens (goroutine, step, queue fill)
  --trace-json F       write the same events as JSON lines to F
  --idle DURATION      idle timeout after the handshake, e.g. 30s (default 30s)
  --debug              timeouts long enough to sit at a breakpoint
  --h3 --root DIR      serve DIR over HTTP/3 (ALPN h3, and the --alpn protocols for HLD clients);
                       prints the certificate's SPKI hash for Chromium`;

async function main(): Promise<void> {
  const { values: v } = parseFlags(
    {
      args: process.argv.slice(2),
      options: {
        ...commonOptions,
        listen: { type: 'string', default: '127.0.0.1:9000' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'write-cert': { type: 'string' },
        out: { type: 'string', default: '.' },
        'max-upload': { type: 'string', default: String(1 << 30) },
        retry: { type: 'boolean', default: false },
        '0rtt': { type: 'boolean', default: false },
        idle: { type: 'string' },
        h3: { type: 'boolean', default: false },
        root: { type: 'string' },
      },
    },
    usage,
  );
  const maxUpload = parseByteCount(v['max-upload'], 'max-upload');
  const config: Config = {
    // The article's server's quic.Config receive windows: 1 MB / 6 MB per stream, 2 MB / 12 MB per connection.
    initialStreamReceiveWindow: 1 << 20,
    maxStreamReceiveWindow: 6 << 20,
    initialConnectionReceiveWindow: 2 << 20,
    maxConnectionReceiveWindow: 12 << 20,
    ...(v.debug ? debugTimeouts : {}),
    ...(v.idle !== undefined ? { maxIdleTimeout: parseDuration(v.idle) } : {}),
    qlogDir: v.qlog,
    allow0RTT: v['0rtt'],
  };
  const tls = serverTLSConfig({ cert: v.cert, key: v.key, writeCert: v['write-cert'], alpn: v.h3 ? h3ALPN(parseALPN(v.alpn)) : parseALPN(v.alpn), keylog: v.keylog });
  const listen = parseAddr(v.listen, 'listen');
  const outDir = existingDir(v.out, '--out');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  installTrace({ print: v.trace ? log : undefined, jsonFile: v['trace-json'], side: 'server' });
  if (v.h3 && v['0rtt']) throw new Error('--0rtt is for the HLD server, not --h3');
  if (v.h3) return runH3Server({ listen, root: v.root, tls, config, hld: { outDir, maxUpload, log }, log });

  const server = await startServer({ listen, tls, config, retry: v.retry, early: v['0rtt'], outDir, maxUpload, log });
  log(`listening ${addrString(server.addr)}`);
  const stop = () => {
    server.listener.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.served;
}

main().catch((e: unknown) => fail(e, 'hld-server: '));
