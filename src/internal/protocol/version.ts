// QUIC versions (quic-go: internal/protocol/version.go; RFC 9000 §15, RFC 9369).

export type Version = number;

export const Version1: Version = 0x00000001;
export const Version2: Version = 0x6b3343cf;
/** Our preference order, as quic-go's SupportedVersions. */
export const SupportedVersions: readonly Version[] = [Version1, Version2];

export function isSupportedVersion(supported: readonly Version[], v: Version): boolean {
  return supported.includes(v);
}

/** Versions of the form 0x?a?a?a?a are reserved to exercise negotiation (RFC 9000 §15). */
export function isReservedVersion(v: Version): boolean {
  return (v & 0x0f0f0f0f) === 0x0a0a0a0a;
}

/** A random reserved version, as quic-go greases its Version Negotiation packets. */
export function generateReservedVersion(random: number = Math.floor(Math.random() * 0x100000000)): Version {
  return ((random & 0xf0f0f0f0) | 0x0a0a0a0a) >>> 0;
}

/** Picks the first of our versions the peer also supports (RFC 9000 §6.2). */
export function chooseSupportedVersion(ours: readonly Version[], theirs: readonly Version[]): Version | undefined {
  return ours.find((v) => theirs.includes(v));
}

export function versionName(v: Version): string {
  if (v === Version1) return 'v1';
  if (v === Version2) return 'v2';
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}
