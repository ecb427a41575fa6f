// Wall-clock times in a chosen time zone, as the schedule form takes them,
// to and from the RFC 3339 instants the API stores.

/** The zone's offset from UTC (ms) at the instant utcMs. */
function zoneOffset(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUTC = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUTC - Math.floor(utcMs / 1000) * 1000;
}

/** "2026-12-24" + "09:30" in Europe/Vienna → "2026-12-24T08:30:00.000Z"; null when incomplete. */
export function zonedToISO(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  try {
    // Twice, so that a time just after a DST change takes that day's offset.
    let utc = wall - zoneOffset(wall, timeZone);
    utc = wall - zoneOffset(utc, timeZone);
    return new Date(utc).toISOString();
  } catch {
    return null; // an unknown zone
  }
}

/** The date and time an instant shows in the zone, for the form's inputs. */
export function isoToZoned(iso: string, timeZone: string): { date: string; time: string } {
  const ms = new Date(iso).getTime();
  const local = new Date(ms + zoneOffset(ms, timeZone)).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** The browser's zone, the usual default for a schedule. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Vienna';
}

/** Every zone the browser knows, with the common ones first. */
export function timeZones(): string[] {
  const first = ['Europe/Vienna', 'Europe/Berlin', 'Europe/Zurich', 'UTC'];
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...new Set([...first, browserTimeZone(), ...all])];
}
