// Finding the "/shortcode" an agent is typing in the composer, and putting
// the chosen canned response in its place.

/** A "/" typed at the start of a word, and what follows it up to the caret. */
export interface SlashTrigger {
  /** Index of the "/". */
  start: number;
  /** Index just after the typed query (the caret). */
  end: number;
  /** What was typed after "/". */
  query: string;
}

const QUERY_CHARS = /^[\p{L}\p{N}_-]*$/u;
const MAX_QUERY = 32;

/**
 * The trigger the caret is in, or null. "/" counts only at the start of the
 * text or after whitespace, so URLs and dates ("1/2") do not open the popup.
 */
export function findSlashTrigger(text: string, caret: number): SlashTrigger | null {
  if (caret < 1 || caret > text.length) return null;
  const before = text.slice(0, caret);
  const slash = before.lastIndexOf('/');
  if (slash < 0) return null;
  if (slash > 0 && !/\s/.test(before[slash - 1]!)) return null;
  const query = before.slice(slash + 1);
  if (query.length > MAX_QUERY || !QUERY_CHARS.test(query)) return null;
  return { start: slash, end: caret, query };
}

/** text with the trigger replaced by insert, and where the caret goes after it. */
export function replaceTrigger(text: string, trigger: SlashTrigger, insert: string): { text: string; caret: number } {
  const after = text.slice(trigger.end);
  return { text: text.slice(0, trigger.start) + insert + after, caret: trigger.start + insert.length };
}
