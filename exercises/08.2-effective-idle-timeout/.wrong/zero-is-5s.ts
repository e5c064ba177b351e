// Treats a peer without a limit as 5 s.
export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  return Math.max(Math.min(ours, peers || 5000), 3 * pto);
}
