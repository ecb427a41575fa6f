import { describe, expect, it } from 'vitest';

import { countSegments, type SegmentCount } from './segments';
import vectorFile from './segmentation_vectors.json';

interface Vector {
  description: string;
  body?: string;
  body_repeat?: { unit: string; times: number; suffix: string };
  encoding: string;
  units: number;
  segments: number;
}

const vectors: Vector[] = vectorFile.vectors;

function bodyOf(v: Vector): string {
  if (v.body_repeat) {
    return v.body_repeat.unit.repeat(v.body_repeat.times) + v.body_repeat.suffix;
  }
  return v.body ?? '';
}

describe('countSegments matches the Twilio calculator vectors', () => {
  it('has vectors', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  for (const v of vectors) {
    it(v.description, () => {
      const got = countSegments(bodyOf(v));
      expect({ encoding: got.encoding, units: got.units, segments: got.segments }).toEqual({
        encoding: v.encoding,
        units: v.units,
        segments: v.segments,
      });
    });
  }
});

// The same table as backend/smsseg/smsseg_test.go, so the composer and the
// server agree.
const a = (n: number) => 'a'.repeat(n);
const count = (
  encoding: SegmentCount['encoding'],
  units: number,
  segments: number,
  perSegment: number,
  remaining: number,
): SegmentCount => ({ encoding, units, segments, perSegment, remaining });

const cases: Array<[string, string, SegmentCount]> = [
  ['empty body needs no segment', '', count('GSM-7', 0, 0, 160, 160)],
  ['one char', 'a', count('GSM-7', 1, 1, 160, 159)],
  ['full single GSM segment', a(160), count('GSM-7', 160, 1, 160, 0)],
  ['161 GSM chars concatenate', a(161), count('GSM-7', 161, 2, 153, 145)],
  ['306 GSM chars fill two segments', a(306), count('GSM-7', 306, 2, 153, 0)],
  ['extension chars cost two septets', '€[]{}|^~\\\f', count('GSM-7', 20, 1, 160, 140)],
  ['extended Latin in GSM basic table', 'Ärger über Öl, ß é à Ç Ø ¿¡ §', count('GSM-7', 29, 1, 160, 131)],
  ['extension char at single-segment edge fits', a(158) + '€', count('GSM-7', 160, 1, 160, 0)],
  ['extension char over single-segment edge', a(159) + '€', count('GSM-7', 161, 2, 153, 145)],
  ['escape pair never split across segments', a(152) + '{' + a(152), count('GSM-7', 306, 3, 153, 152)],
  ['escape pair exactly ending a segment', a(151) + '{' + a(153), count('GSM-7', 306, 2, 153, 0)],
  ['lowercase c-cedilla is not GSM', 'ça', count('UCS-2', 2, 1, 70, 68)],
  ['one non-GSM char makes all UCS-2', a(100) + 'ł', count('UCS-2', 101, 2, 67, 33)],
  ['emoji costs two code units', '😜', count('UCS-2', 2, 1, 70, 68)],
  ['full single UCS-2 segment', 'ж'.repeat(70), count('UCS-2', 70, 1, 70, 0)],
  [
    'surrogate pair never split across segments',
    'ж'.repeat(66) + '😜' + 'ж'.repeat(66),
    count('UCS-2', 134, 3, 67, 66),
  ],
];

describe('countSegments', () => {
  for (const [name, body, want] of cases) {
    it(name, () => {
      expect(countSegments(body)).toEqual(want);
    });
  }

  it('counts a lone surrogate as one UCS-2 unit', () => {
    expect(countSegments('a\ud83db')).toEqual(count('UCS-2', 3, 1, 70, 67));
  });
});
