import { describe, expect, it } from 'vitest';
import { snoozeUntil, toLocalInput } from './snooze';

describe('snooze times', () => {
  // Wednesday, 14 January 2026, 16:30 local time.
  const wednesday = new Date(2026, 0, 14, 16, 30);

  it('offers one hour from now', () => {
    expect(snoozeUntil('1h', wednesday).getTime() - wednesday.getTime()).toBe(60 * 60_000);
  });

  it('offers tomorrow at 9:00', () => {
    expect(toLocalInput(snoozeUntil('tomorrow', wednesday))).toBe('2026-01-15T09:00');
  });

  it('offers next Monday at 9:00, a full week ahead on Mondays', () => {
    expect(toLocalInput(snoozeUntil('nextWeek', wednesday))).toBe('2026-01-19T09:00');
    expect(toLocalInput(snoozeUntil('nextWeek', new Date(2026, 0, 19, 8, 0)))).toBe('2026-01-26T09:00');
    expect(toLocalInput(snoozeUntil('nextWeek', new Date(2026, 0, 18, 20, 0)))).toBe('2026-01-19T09:00');
  });

  it('crosses month ends', () => {
    expect(toLocalInput(snoozeUntil('tomorrow', new Date(2026, 0, 31, 23, 0)))).toBe('2026-02-01T09:00');
  });
});
