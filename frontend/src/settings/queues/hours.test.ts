import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../api/routing';
import {
  draftFromHours,
  draftKeyOfField,
  hoursChange,
  hoursFromDraft,
  summarizeHours,
  timezoneOptions,
  validateDraft,
} from './hours';

const vienna: BusinessHours = {
  timezone: 'Europe/Vienna',
  days: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    tue: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    sat: [['10:00', '14:00']],
  },
};

describe('business hours draft', () => {
  it('round-trips a queue’s hours, leaving closed days out', () => {
    const draft = draftFromHours(vienna);
    expect(draft.enabled).toBe(true);
    expect(draft.days.wed).toEqual([]);
    expect(draft.days.mon).toEqual([
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(hoursFromDraft(draft)).toEqual(vienna);
  });

  it('suggests Mon–Fri 9 to 17, switched off, for a queue without hours', () => {
    const draft = draftFromHours(null, 'Europe/Zurich');
    expect(draft.enabled).toBe(false);
    expect(draft.timezone).toBe('Europe/Zurich');
    expect(draft.days.fri).toEqual([['09:00', '17:00']]);
    expect(draft.days.sat).toEqual([]);
    expect(hoursFromDraft(draft)).toBeNull();
    expect(hoursFromDraft({ ...draft, enabled: true })).toEqual({
      timezone: 'Europe/Zurich',
      days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
    });
  });

  it('does not share interval arrays with the queue it came from', () => {
    const draft = draftFromHours(vienna);
    draft.days.mon[0]![0] = '08:00';
    expect(vienna.days.mon![0]![0]).toBe('09:00');
  });

  it('clears hours only when the queue had some', () => {
    const off = draftFromHours(null);
    expect(hoursChange(vienna, off)).toEqual({ clear_business_hours: true });
    expect(hoursChange(null, off)).toEqual({});
    expect(hoursChange(null, draftFromHours(vienna))).toEqual({ business_hours: vienna });
  });

  it('finds malformed, reversed and overlapping intervals', () => {
    const draft = draftFromHours(vienna);
    draft.days.mon = [
      ['09:00', '12:00'],
      ['11:00', '13:00'],
    ];
    draft.days.tue = [['17:00', '09:00']];
    draft.days.wed = [['9:00', '12:00']];
    draft.days.thu = [
      ['09:00', '12:00'],
      ['12:00', '13:00'],
    ];
    expect(validateDraft(draft)).toEqual({ 'mon.1': 'overlap', 'tue.0': 'order', 'wed.0': 'format' });
    expect(validateDraft({ ...draft, enabled: false })).toEqual({});
  });

  it('maps the server’s field names onto the draft', () => {
    expect(draftKeyOfField('business_hours.days.mon.1')).toBe('mon.1');
    expect(draftKeyOfField('business_hours.timezone')).toBeNull();
  });

  it('summarises runs of days with the same hours', () => {
    const weekdays: BusinessHours = {
      timezone: 'UTC',
      days: {
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '15:00']],
        sun: [['10:00', '12:00']],
      },
    };
    expect(summarizeHours(weekdays)).toEqual([
      { from: 'mon', to: 'thu', spans: [['09:00', '17:00']] },
      { from: 'fri', to: 'fri', spans: [['09:00', '15:00']] },
      { from: 'sun', to: 'sun', spans: [['10:00', '12:00']] },
    ]);
  });

  it('offers the common zones and keeps an unusual current one', () => {
    expect(timezoneOptions('Europe/Vienna')).toContain('Europe/Berlin');
    expect(timezoneOptions('America/Sao_Paulo')[0]).toBe('America/Sao_Paulo');
  });
});
