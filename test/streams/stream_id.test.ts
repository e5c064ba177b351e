import { describe, expect, it } from 'vitest';
import { Perspective } from '../../src/internal/protocol/protocol.ts';
import { initiatedBy, streamIDFromNum, streamNum, streamType } from '../../src/internal/protocol/stream.ts';

describe('stream IDs (RFC 9000 §2.1, Table 1)', () => {
  it('reads initiator and direction from the two low bits', () => {
    expect([0, 1, 2, 3].map(streamType)).toEqual(['bidi', 'bidi', 'uni', 'uni']);
    expect([0, 1, 2, 3].map(initiatedBy)).toEqual([Perspective.Client, Perspective.Server, Perspective.Client, Perspective.Server]);
  });

  it('numbers the streams of each kind from 1', () => {
    expect(streamNum(9)).toBe(3); // 1, 5, 9
    expect(streamIDFromNum(3, 'bidi', Perspective.Server)).toBe(9);
    expect(streamIDFromNum(1, 'uni', Perspective.Client)).toBe(2);
    for (let id = 0; id < 64; id++) expect(streamIDFromNum(streamNum(id), streamType(id), initiatedBy(id))).toBe(id);
  });
});
