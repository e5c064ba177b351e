// Inverses modulo a large odd m for ECDSA's scalars (s⁻¹ to verify, (b·k)⁻¹ to sign), by the
// extended Euclidean algorithm with Lehmer's speed-up (Knuth, TAOCP vol. 2, §4.5.2, Algorithm L).
//
// Each step of Euclid's algorithm on 256-bit bigints costs a division and several multiplications
// of bigints, some 150 steps in all. Lehmer runs the steps on the leading bits of the two numbers
// in doubles, as long as the quotient is sure to be the one the full numbers would give, and then
// applies the product of those steps (a 2×2 matrix) to the bigints at once: about ten rounds of
// a few bigint operations each. Not constant time: callers pass public values or blinded ones.

/** Bits of the leading parts: below 2^48, every value of the double-precision steps (û + A, q·C, A - q·C) stays below 2^50, exactly representable. */
const LeadingBits = 48;

/** a⁻¹ mod m for a in [1, m) with gcd(a, m) = 1. */
export function modInverse(a: bigint, m: bigint): bigint {
  // Invariants: u ≡ tu·a and v ≡ tv·a (mod m).
  let u = m;
  let v = a;
  let tu = 0n;
  let tv = 1n;
  while (v >> BigInt(LeadingBits) !== 0n) {
    // The leading bits of u and v at the same shift (from the hex length: up to 3 bits fewer).
    const shift = BigInt(Math.max(0, u.toString(16).length * 4 - LeadingBits));
    let uh = Number(u >> shift);
    let vh = Number(v >> shift);
    // Algorithm L, step L2: steps of Euclid on (uh, vh) while (uh + A)/(vh + C) and (uh + B)/(vh + D)
    // agree, for then the quotient is right for the full numbers too.
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    for (;;) {
      if (vh + C === 0 || vh + D === 0) break;
      const q = Math.floor((uh + A) / (vh + C));
      if (q !== Math.floor((uh + B) / (vh + D))) break;
      [A, C] = [C, A - q * C];
      [B, D] = [D, B - q * D];
      [uh, vh] = [vh, uh - q * vh];
    }
    if (B === 0) {
      // Step L4: not even one step was sure; do one on the bigints.
      const q = u / v;
      [u, v] = [v, u - q * v];
      [tu, tv] = [tv, tu - q * tv];
    } else {
      // Step L3: apply the steps taken to the full numbers and to their cofactors.
      const [bigA, bigB, bigC, bigD] = [BigInt(A), BigInt(B), BigInt(C), BigInt(D)];
      [u, v] = [bigA * u + bigB * v, bigC * u + bigD * v];
      [tu, tv] = [bigA * tu + bigB * tv, bigC * tu + bigD * tv];
    }
  }
  // v is below 2^48: one more step on the bigints brings u there too, and Euclid ends in doubles,
  // its steps kept as a matrix for the cofactors (all below 2^48, exact).
  if (v !== 0n) {
    const q = u / v;
    [u, v] = [v, u - q * v];
    [tu, tv] = [tv, tu - q * tv];
  }
  let uh = Number(u);
  let vh = Number(v);
  let A = 1;
  let B = 0;
  let C = 0;
  let D = 1;
  while (vh !== 0) {
    const q = Math.floor(uh / vh);
    [A, C] = [C, A - q * C];
    [B, D] = [D, B - q * D];
    [uh, vh] = [vh, uh - q * vh];
  }
  if (uh !== 1) throw new RangeError('modInverse: not invertible');
  const t = (BigInt(A) * tu + BigInt(B) * tv) % m;
  return t < 0n ? t + m : t;
}
