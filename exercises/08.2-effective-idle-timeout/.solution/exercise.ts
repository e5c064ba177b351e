// Exercise 08.2, reference solution.

export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  // min(ours, peer's); a peer's 0 means it has no limit (RFC 9000 §10.1, connection.go:1770-1774).
  const negotiated = peers > 0 ? Math.min(ours, peers) : ours;
  // Never shorter than three PTOs (connection.go:685).
  return Math.max(negotiated, 3 * pto);
}
