// IP addresses as a certificate holds them (RFC 5280 §4.2.1.6: 4 or 16 octets in network order)
// and as people write them ("127.0.0.1", "::1"; RFC 4291 §2.2, RFC 5952 for the canonical form).

/** The 4 or 16 octets of an IPv4 or IPv6 literal, or undefined if `text` is not one. */
export function parseIp(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (const [i, p] of parts.entries()) {
      // The last group may be an embedded IPv4 address ("::ffff:192.0.2.1", RFC 4291 §2.2 item 3).
      const v4 = i === parts.length - 1 && p.includes('.') ? parseIpv4(p) : undefined;
      if (v4) out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

/** node:net's isIP: 4 or 6 for an IPv4 or IPv6 literal (IPv6 may carry a zone, "fe80::1%eth0"), else 0. */
export function isIP(text: string): 0 | 4 | 6 {
  const ip = parseIp(text.includes(':') ? text.replace(/%[^%]*$/, '') : text);
  return ip === undefined ? 0 : ip.length === 4 ? 4 : 6;
}

/** The text form of a 4- or 16-octet address: dotted quad, or RFC 5952 canonical IPv6. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  // RFC 5952 §4.2: "::" replaces the longest run of two or more zero groups, the first if tied.
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
