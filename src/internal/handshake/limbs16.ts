// Products of numbers written in sixteen 16-bit limbs in doubles, x = Σ x_i·2^(16i), column by
// column, for field_p256.ts, which then folds the columns above 2^256 back and carries. (P-256's
// fold moves each high column into four others, and again for those it lands in, so it is a pass
// of its own; field25519.ts folds as it multiplies, 38 times the products of column k + 16 into
// column k, in one expression per column.)
//
// Column k is Σ a_i·b_j over i + j = k (k = 0..30), at most sixteen products, each exact in a
// double as long as the caller keeps its limbs small enough (each field states its bound). The
// columns go into one scratch array: every user runs to completion synchronously, and the field
// code reads them back at once.

/** Columns 0 to 30 of the last product or square. */
export const columns = new Float64Array(31);

/** columns = the columns of a·b. Written out in full, with every limb in a local variable. */
export function productColumns(a: Float64Array, b: Float64Array): void {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
  const a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14], a15 = a[15];
  const b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
  const b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11], b12 = b[12], b13 = b[13], b14 = b[14], b15 = b[15];
  columns[0] = a0 * b0;
  columns[1] = a0 * b1 + a1 * b0;
  columns[2] = a0 * b2 + a1 * b1 + a2 * b0;
  columns[3] = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  columns[4] = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
  columns[5] = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0;
  columns[6] = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0;
  columns[7] = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0;
  columns[8] = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1
    + a8 * b0;
  columns[9] = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2
    + a8 * b1 + a9 * b0;
  columns[10] = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3
    + a8 * b2 + a9 * b1 + a10 * b0;
  columns[11] = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4
    + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0;
  columns[12] = a0 * b12 + a1 * b11 + a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5
    + a8 * b4 + a9 * b3 + a10 * b2 + a11 * b1 + a12 * b0;
  columns[13] = a0 * b13 + a1 * b12 + a2 * b11 + a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6
    + a8 * b5 + a9 * b4 + a10 * b3 + a11 * b2 + a12 * b1 + a13 * b0;
  columns[14] = a0 * b14 + a1 * b13 + a2 * b12 + a3 * b11 + a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7
    + a8 * b6 + a9 * b5 + a10 * b4 + a11 * b3 + a12 * b2 + a13 * b1 + a14 * b0;
  columns[15] = a0 * b15 + a1 * b14 + a2 * b13 + a3 * b12 + a4 * b11 + a5 * b10 + a6 * b9 + a7 * b8
    + a8 * b7 + a9 * b6 + a10 * b5 + a11 * b4 + a12 * b3 + a13 * b2 + a14 * b1 + a15 * b0;
  columns[16] = a1 * b15 + a2 * b14 + a3 * b13 + a4 * b12 + a5 * b11 + a6 * b10 + a7 * b9 + a8 * b8
    + a9 * b7 + a10 * b6 + a11 * b5 + a12 * b4 + a13 * b3 + a14 * b2 + a15 * b1;
  columns[17] = a2 * b15 + a3 * b14 + a4 * b13 + a5 * b12 + a6 * b11 + a7 * b10 + a8 * b9 + a9 * b8
    + a10 * b7 + a11 * b6 + a12 * b5 + a13 * b4 + a14 * b3 + a15 * b2;
  columns[18] = a3 * b15 + a4 * b14 + a5 * b13 + a6 * b12 + a7 * b11 + a8 * b10 + a9 * b9 + a10 * b8
    + a11 * b7 + a12 * b6 + a13 * b5 + a14 * b4 + a15 * b3;
  columns[19] = a4 * b15 + a5 * b14 + a6 * b13 + a7 * b12 + a8 * b11 + a9 * b10 + a10 * b9 + a11 * b8
    + a12 * b7 + a13 * b6 + a14 * b5 + a15 * b4;
  columns[20] = a5 * b15 + a6 * b14 + a7 * b13 + a8 * b12 + a9 * b11 + a10 * b10 + a11 * b9 + a12 * b8
    + a13 * b7 + a14 * b6 + a15 * b5;
  columns[21] = a6 * b15 + a7 * b14 + a8 * b13 + a9 * b12 + a10 * b11 + a11 * b10 + a12 * b9 + a13 * b8
    + a14 * b7 + a15 * b6;
  columns[22] = a7 * b15 + a8 * b14 + a9 * b13 + a10 * b12 + a11 * b11 + a12 * b10 + a13 * b9 + a14 * b8
    + a15 * b7;
  columns[23] = a8 * b15 + a9 * b14 + a10 * b13 + a11 * b12 + a12 * b11 + a13 * b10 + a14 * b9 + a15 * b8;
  columns[24] = a9 * b15 + a10 * b14 + a11 * b13 + a12 * b12 + a13 * b11 + a14 * b10 + a15 * b9;
  columns[25] = a10 * b15 + a11 * b14 + a12 * b13 + a13 * b12 + a14 * b11 + a15 * b10;
  columns[26] = a11 * b15 + a12 * b14 + a13 * b13 + a14 * b12 + a15 * b11;
  columns[27] = a12 * b15 + a13 * b14 + a14 * b13 + a15 * b12;
  columns[28] = a13 * b15 + a14 * b14 + a15 * b13;
  columns[29] = a14 * b15 + a15 * b14;
  columns[30] = a15 * b15;
}

/** columns = the columns of a², each product a_i·a_j (i < j) taken once and doubled: 136 products instead of 256. */
export function squareColumns(a: Float64Array): void {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
  const a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14], a15 = a[15];
  const d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3, d4 = 2 * a4, d5 = 2 * a5, d6 = 2 * a6, d7 = 2 * a7, d8 = 2 * a8;
  const d9 = 2 * a9, d10 = 2 * a10, d11 = 2 * a11, d12 = 2 * a12, d13 = 2 * a13, d14 = 2 * a14, d15 = 2 * a15;
  columns[0] = a0 * a0;
  columns[1] = a0 * d1;
  columns[2] = a0 * d2 + a1 * a1;
  columns[3] = a0 * d3 + a1 * d2;
  columns[4] = a0 * d4 + a1 * d3 + a2 * a2;
  columns[5] = a0 * d5 + a1 * d4 + a2 * d3;
  columns[6] = a0 * d6 + a1 * d5 + a2 * d4 + a3 * a3;
  columns[7] = a0 * d7 + a1 * d6 + a2 * d5 + a3 * d4;
  columns[8] = a0 * d8 + a1 * d7 + a2 * d6 + a3 * d5 + a4 * a4;
  columns[9] = a0 * d9 + a1 * d8 + a2 * d7 + a3 * d6 + a4 * d5;
  columns[10] = a0 * d10 + a1 * d9 + a2 * d8 + a3 * d7 + a4 * d6 + a5 * a5;
  columns[11] = a0 * d11 + a1 * d10 + a2 * d9 + a3 * d8 + a4 * d7 + a5 * d6;
  columns[12] = a0 * d12 + a1 * d11 + a2 * d10 + a3 * d9 + a4 * d8 + a5 * d7 + a6 * a6;
  columns[13] = a0 * d13 + a1 * d12 + a2 * d11 + a3 * d10 + a4 * d9 + a5 * d8 + a6 * d7;
  columns[14] = a0 * d14 + a1 * d13 + a2 * d12 + a3 * d11 + a4 * d10 + a5 * d9 + a6 * d8 + a7 * a7;
  columns[15] = a0 * d15 + a1 * d14 + a2 * d13 + a3 * d12 + a4 * d11 + a5 * d10 + a6 * d9 + a7 * d8;
  columns[16] = a1 * d15 + a2 * d14 + a3 * d13 + a4 * d12 + a5 * d11 + a6 * d10 + a7 * d9 + a8 * a8;
  columns[17] = a2 * d15 + a3 * d14 + a4 * d13 + a5 * d12 + a6 * d11 + a7 * d10 + a8 * d9;
  columns[18] = a3 * d15 + a4 * d14 + a5 * d13 + a6 * d12 + a7 * d11 + a8 * d10 + a9 * a9;
  columns[19] = a4 * d15 + a5 * d14 + a6 * d13 + a7 * d12 + a8 * d11 + a9 * d10;
  columns[20] = a5 * d15 + a6 * d14 + a7 * d13 + a8 * d12 + a9 * d11 + a10 * a10;
  columns[21] = a6 * d15 + a7 * d14 + a8 * d13 + a9 * d12 + a10 * d11;
  columns[22] = a7 * d15 + a8 * d14 + a9 * d13 + a10 * d12 + a11 * a11;
  columns[23] = a8 * d15 + a9 * d14 + a10 * d13 + a11 * d12;
  columns[24] = a9 * d15 + a10 * d14 + a11 * d13 + a12 * a12;
  columns[25] = a10 * d15 + a11 * d14 + a12 * d13;
  columns[26] = a11 * d15 + a12 * d14 + a13 * a13;
  columns[27] = a12 * d15 + a13 * d14;
  columns[28] = a13 * d15 + a14 * a14;
  columns[29] = a14 * d15;
  columns[30] = a15 * a15;
}
