// The business hours editor works on a draft with every weekday present;
// these functions turn a queue's hours into a draft and back, check it the way
// the server does, and describe hours in one line for the queue list.

import { DAY_KEYS, type BusinessHours, type DayKey, type QueueChange, type TimeSpan } from '../../api/routing';

/** Time zones offered in the editor; a queue's own zone is added when missing. */
export const COMMON_TIMEZONES = [
  'Europe/Vienna',
  'Europe/Berlin',
  'Europe/Zurich',
  'Europe/London',
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Rome',
  'Europe/Madrid',
  'Europe/Warsaw',
  'Europe/Istanbul',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Dubai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'UTC',
] as const;

export const DEFAULT_TIMEZONE = 'Europe/Vienna';
const DEFAULT_SPAN: TimeSpan = ['09:00', '17:00'];
const WORKDAYS: DayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export interface HoursDraft {
  /** false: the queue is always open (no business hours). */
  enabled: boolean;
  timezone: string;
  /** Every weekday; an empty list is a closed day. */
  days: Record<DayKey, TimeSpan[]>;
}

/** The zone of this browser when it is one of the common ones, else Vienna. */
export function defaultTimezone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if ((COMMON_TIMEZONES as readonly string[]).includes(zone)) return zone;
  } catch {
    // no Intl time zone support
  }
  return DEFAULT_TIMEZONE;
}

/** The zones to offer, with the current one first-class even when it is unusual. */
export function timezoneOptions(current: string): string[] {
  const list: string[] = [...COMMON_TIMEZONES];
  if (current && !list.includes(current)) list.unshift(current);
  return list;
}

function emptyDays(): Record<DayKey, TimeSpan[]> {
  return Object.fromEntries(DAY_KEYS.map((d) => [d, [] as TimeSpan[]])) as Record<DayKey, TimeSpan[]>;
}

/** A queue's hours as an editor draft; without hours, a Mon–Fri 9–17 suggestion, switched off. */
export function draftFromHours(hours: BusinessHours | null, timezone = defaultTimezone()): HoursDraft {
  const days = emptyDays();
  if (!hours) {
    for (const d of WORKDAYS) days[d] = [[...DEFAULT_SPAN]];
    return { enabled: false, timezone, days };
  }
  for (const d of DAY_KEYS) days[d] = (hours.days[d] ?? []).map(([from, to]) => [from, to]);
  return { enabled: true, timezone: hours.timezone || timezone, days };
}

/** The draft as the API takes it: null when switched off; closed days left out. */
export function hoursFromDraft(draft: HoursDraft): BusinessHours | null {
  if (!draft.enabled) return null;
  const days: BusinessHours['days'] = {};
  for (const d of DAY_KEYS) {
    const spans = draft.days[d];
    if (spans.length > 0) days[d] = spans.map(([from, to]) => [from, to]);
  }
  return { timezone: draft.timezone, days };
}

/** How the hours go into a PATCH: new hours, or clearing the old ones. */
export function hoursChange(
  before: BusinessHours | null,
  draft: HoursDraft,
): Pick<QueueChange, 'business_hours' | 'clear_business_hours'> {
  const hours = hoursFromDraft(draft);
  if (hours) return { business_hours: hours };
  return before ? { clear_business_hours: true } : {};
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export type SpanProblem = 'format' | 'order' | 'overlap';

/**
 * Problems of the draft keyed "mon.0" (day and interval index): a time that is
 * not HH:MM, an end not after its start, or intervals of a day that overlap.
 */
export function validateDraft(draft: HoursDraft): Record<string, SpanProblem> {
  const problems: Record<string, SpanProblem> = {};
  if (!draft.enabled) return problems;
  for (const d of DAY_KEYS) {
    const spans = draft.days[d];
    spans.forEach(([from, to], i) => {
      if (!TIME.test(from) || !TIME.test(to)) problems[`${d}.${i}`] = 'format';
      else if (minutes(from) >= minutes(to)) problems[`${d}.${i}`] = 'order';
    });
    spans.forEach(([from, to], i) => {
      if (problems[`${d}.${i}`]) return;
      const overlaps = spans.some(
        ([f, t], j) => j < i && !problems[`${d}.${j}`] && minutes(from) < minutes(t) && minutes(f) < minutes(to),
      );
      if (overlaps) problems[`${d}.${i}`] = 'overlap';
    });
  }
  return problems;
}

/** A server field error key ("business_hours.days.mon.0") in the draft's terms ("mon.0"). */
export function draftKeyOfField(field: string): string | null {
  const match = /^business_hours\.days\.(\w+)\.(\d+)$/.exec(field);
  return match ? `${match[1]}.${match[2]}` : null;
}

function sameSpans(a: TimeSpan[], b: TimeSpan[]): boolean {
  return a.length === b.length && a.every(([f, t], i) => f === b[i]![0] && t === b[i]![1]);
}

export interface HoursLine {
  /** First and last day of a run of days with the same hours (the same day when alone). */
  from: DayKey;
  to: DayKey;
  spans: TimeSpan[];
}

/** Groups consecutive open days with the same intervals: Mon–Fri 09:00–17:00, Sat 10:00–14:00. */
export function summarizeHours(hours: BusinessHours): HoursLine[] {
  const lines: HoursLine[] = [];
  for (const d of DAY_KEYS) {
    const spans = hours.days[d] ?? [];
    if (spans.length === 0) continue;
    const last = lines[lines.length - 1];
    const previousDay = DAY_KEYS[DAY_KEYS.indexOf(d) - 1];
    if (last && last.to === previousDay && sameSpans(last.spans, spans)) last.to = d;
    else lines.push({ from: d, to: d, spans });
  }
  return lines;
}
