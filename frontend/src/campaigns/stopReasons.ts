import { STOP_REASONS } from '../api/campaigns';

type KnownStopReason = (typeof STOP_REASONS)[number];

/** The translation key of a stop reason: the known codes, else "other" (with the server's message). */
export function stopReasonKey(reason: string): KnownStopReason | 'other' {
  return (STOP_REASONS as readonly string[]).includes(reason) ? (reason as KnownStopReason) : 'other';
}
