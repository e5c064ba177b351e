// Uses 2 × PTO as the floor.
export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  return Math.max(peers > 0 ? Math.min(ours, peers) : ours, 2 * pto);
}
