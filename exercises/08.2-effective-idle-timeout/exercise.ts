// Exercise 08.2: the idle timeout once the handshake is complete. See README.md.

export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  // TODO: a peer that sets no limit, and the 3 × PTO floor.
  void pto;
  return Math.min(ours, peers);
}
