// Exercise 08.2, reference solution.

export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  // min(ours, peer's); 0 means the peer sent no max_idle_timeout, so no limit (RFC 9000 §10.1,
  // connection.go:1770-1774). An explicit 0 arrives as 5 s (transport_parameters.go:302).
  const negotiated = peers > 0 ? Math.min(ours, peers) : ours;
  // Never shorter than three PTOs (connection.go:685).
  return Math.max(negotiated, 3 * pto);
}
