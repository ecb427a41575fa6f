// How the phone sees the thread. The API speaks from the business's side
// ("in" = the customer wrote it); the phone is the customer, so it inverts.
import type { SandboxMessage } from '../api/sandbox';

/** Direction on the phone: "out" for what the customer sent, "in" for the business's messages. */
export type PhoneDirection = 'in' | 'out';

export function phoneDirection(message: Pick<SandboxMessage, 'direction'>): PhoneDirection {
  return message.direction === 'in' ? 'out' : 'in';
}

/** Business messages that never reached the phone (still queued, or failed at the provider). */
const NOT_ON_PHONE = new Set(['queued', 'failed']);

/** Whether the phone shows the message: notes and system lines never, business messages once sent. */
export function shownOnPhone(message: SandboxMessage): boolean {
  if (message.kind === 'note' || message.kind === 'system') return false;
  return message.direction === 'in' || !NOT_ON_PHONE.has(message.status);
}

/** What the phone shows, oldest first. */
export function phoneThread(messages: SandboxMessage[]): SandboxMessage[] {
  return messages.filter(shownOnPhone);
}

/**
 * Ids of the business messages the phone shows but has not reported read,
 * as a stable key ("" when there are none), so each set is reported once.
 */
export function unreadKey(shown: SandboxMessage[]): string {
  return shown
    .filter((m) => m.direction === 'out' && m.status !== 'read')
    .map((m) => m.id)
    .join(',');
}

/** Accepts what people type for a number ("+49 151 123-45", "0049…") and returns E.164, or null. */
export function normalizeNumber(raw: string): string | null {
  let n = raw.trim().replace(/[\s()./-]/g, '');
  if (n.startsWith('00')) n = `+${n.slice(2)}`;
  return /^\+[1-9]\d{6,14}$/.test(n) ? n : null;
}

/** A map link for a shared place. */
export function mapURL(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}
