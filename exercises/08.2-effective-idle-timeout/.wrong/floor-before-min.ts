// Applies the 3 × PTO floor to ours only, before taking the minimum.
export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  const mine = Math.max(ours, 3 * pto);
  return peers > 0 ? Math.min(mine, peers) : mine;
}
