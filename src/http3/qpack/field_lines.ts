// Encoding and decoding a field section (RFC 9204 §4.5) with the static table only: our dynamic
// table capacity is 0 (SETTINGS_QPACK_MAX_TABLE_CAPACITY absent, §3.2.3), so every section we send
// has Required Insert Count 0, and a section that references a dynamic table entry cannot be
// decoded: QPACK_DECOMPRESSION_FAILED (§2.2.3). quic-go uses github.com/quic-go/qpack the same way.
import { decompressionFailed } from '../errors.ts';
import { appendInteger, appendString, FieldReader } from './primitives.ts';
import { staticTable, staticTableLookup } from './static_table.ts';

export interface HeaderField {
  name: string;
  value: string;
}

/**
 * Encodes fields as a field section: the prefix (Required Insert Count 0, Delta Base 0), then each
 * field as an indexed line, a literal with a static name reference, or a literal with a literal name.
 */
export function encodeFieldSection(fields: readonly HeaderField[]): Uint8Array {
  const out: number[] = [0x00, 0x00];
  for (const { name, value } of fields) {
    const hit = staticTableLookup(name, value);
    if (hit && !hit.nameOnly) {
      appendInteger(out, hit.index, 6, 0xc0); // 1 T=1 index (§4.5.2)
    } else if (hit) {
      appendInteger(out, hit.index, 4, 0x50); // 01 N=0 T=1 index (§4.5.4), then the value
      appendString(out, value, 7, 0x00);
    } else {
      appendString(out, name, 3, 0x20); // 001 N=0 H name (§4.5.6), then the value
      appendString(out, value, 7, 0x00);
    }
  }
  return Uint8Array.from(out);
}

/** The static entry at `index`, or QPACK_DECOMPRESSION_FAILED. */
function staticEntry(index: number): readonly [string, string] {
  const e = staticTable[index];
  if (e === undefined) throw decompressionFailed(`static table index ${index} out of range`);
  return e;
}

/**
 * Decodes a field section. Anything that needs the dynamic table (a Required Insert Count other
 * than 0, a post-base or dynamic reference) fails: our table has capacity 0.
 */
export function decodeFieldSection(data: Uint8Array): HeaderField[] {
  const r = new FieldReader(data);
  // §4.5.1.1: with MaxEntries 0 the only valid encoded Required Insert Count is 0.
  if (r.readInteger(8) !== 0) throw decompressionFailed('Required Insert Count is not 0 but the dynamic table capacity is 0');
  const negativeBase = (r.peek() & 0x80) !== 0;
  const deltaBase = r.readInteger(7);
  // §4.5.1.2: Base = RIC - DeltaBase - 1 with the sign bit set, which is negative when RIC is 0.
  if (negativeBase) throw decompressionFailed(`negative Base (Delta Base ${deltaBase} with sign bit)`);

  const fields: HeaderField[] = [];
  while (!r.done) {
    const b = r.peek();
    if ((b & 0x80) !== 0) {
      // Indexed field line (§4.5.2): 1 T index(6)
      if ((b & 0x40) === 0) throw decompressionFailed('indexed field line references the dynamic table');
      const [name, value] = staticEntry(r.readInteger(6));
      fields.push({ name, value });
    } else if ((b & 0x40) !== 0) {
      // Literal field line with name reference (§4.5.4): 01 N T index(4)
      if ((b & 0x10) === 0) throw decompressionFailed('literal field line references a dynamic table name');
      const [name] = staticEntry(r.readInteger(4));
      fields.push({ name, value: r.readString(7) });
    } else if ((b & 0x20) !== 0) {
      // Literal field line with literal name (§4.5.6): 001 N H length(3)
      const name = r.readString(3);
      fields.push({ name, value: r.readString(7) });
    } else {
      // 0001: indexed with post-base index (§4.5.3); 0000: literal with post-base name reference (§4.5.5)
      throw decompressionFailed('post-base reference with an empty dynamic table');
    }
  }
  return fields;
}
