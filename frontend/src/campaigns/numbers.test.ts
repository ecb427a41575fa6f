import { describe, expect, it } from 'vitest';
import { parseNumbers } from './numbers';
import { isoToZoned, zonedToISO } from './schedule';

describe('parseNumbers', () => {
  it('accepts international and, with a default country, national numbers', () => {
    const parsed = parseNumbers('+43 660 1234567\n0043-660-7654321, 0660 1112223;  \nabc\n12', true);
    expect(parsed.map((n) => [n.cleaned, n.valid])).toEqual([
      ['+436601234567', true],
      ['+436607654321', true],
      ['06601112223', true],
      ['abc', false],
      ['12', false],
    ]);
  });

  it('asks for the country code of national numbers when the account has no default country', () => {
    const [n] = parseNumbers('0660 1112223', false);
    expect(n).toMatchObject({ valid: false, needsCountry: true });
  });
});

describe('schedule times', () => {
  it('reads a wall time in its time zone, across daylight saving time', () => {
    expect(zonedToISO('2026-12-24', '09:30', 'Europe/Vienna')).toBe('2026-12-24T08:30:00.000Z');
    expect(zonedToISO('2026-07-01', '09:30', 'Europe/Vienna')).toBe('2026-07-01T07:30:00.000Z');
    expect(zonedToISO('2026-07-01', '09:30', 'America/New_York')).toBe('2026-07-01T13:30:00.000Z');
    expect(zonedToISO('2026-07-01', '', 'UTC')).toBeNull();
    expect(isoToZoned('2026-12-24T08:30:00Z', 'Europe/Vienna')).toEqual({ date: '2026-12-24', time: '09:30' });
  });
});
