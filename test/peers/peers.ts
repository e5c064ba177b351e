// The independent QUIC peers interop tests talk to (ARCHITECTURE.md §8), in one import:
// the Go peer and the article's programs on quic-go 0.29, ngtcp2's gtlsserver/gtlsclient, and tshark.
export { havePeers, installHint, requirePeers, skipInterop, type PeerAvailability } from './availability.ts';
export { buildGoPeer, buildGoProgram, goPeerBinary, runGoClient, startGoServer, type GoServer, type GoServerOptions } from './go.ts';
export { articleUploadStored, runArticleClient, startArticleServer } from './article.ts';
export {
  freeUdpPort,
  makeSelfSignedCert,
  ngtcp2Paths,
  runNgtcp2Client,
  startNgtcp2Server,
  type Ngtcp2ClientOptions,
  type Ngtcp2ClientResult,
  type Ngtcp2Paths,
  type Ngtcp2Server,
  type Ngtcp2ServerOptions,
  type PemPair,
} from './ngtcp2.ts';
export { defaultQuicFields, startCapture, streamPayloads, tsharkDecrypt, type Capture, type TsharkRow } from './capture.ts';
export { stopAllPeers, type RunResult } from './process.ts';
