// Snooze times offered in the conversation header, in the agent's local time.

export type SnoozeChoice = '1h' | 'tomorrow' | 'nextWeek';

/** When a snooze chosen at `now` ends. */
export function snoozeUntil(choice: SnoozeChoice, now: Date = new Date()): Date {
  const at = new Date(now);
  switch (choice) {
    case '1h':
      return new Date(now.getTime() + 60 * 60_000);
    case 'tomorrow':
      at.setDate(at.getDate() + 1);
      at.setHours(9, 0, 0, 0);
      return at;
    case 'nextWeek': {
      // Next Monday, 9:00 (a week from today when today is Monday).
      const days = (8 - at.getDay()) % 7 || 7;
      at.setDate(at.getDate() + days);
      at.setHours(9, 0, 0, 0);
      return at;
    }
  }
}

/** A <input type="datetime-local"> value for a date, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
