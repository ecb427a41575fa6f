// SMS segment counter for the live composer count. It mirrors the backend's
// package smsseg exactly (both are tested against segmentation_vectors.json):
// GSM-7 unless any character is outside GSM-7, then the whole message is UCS-2.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  /** 'GSM-7', or 'UCS-2' as soon as one character is outside GSM-7. */
  encoding: SmsEncoding;
  /** Septets (extension characters count 2) or UTF-16 code units (emoji count 2). */
  units: number;
  /** SMS parts billed; 0 for an empty body. */
  segments: number;
  /** Capacity of each part: 160/70 for one part, 153/67 once concatenated. */
  perSegment: number;
  /** One-unit characters that still fit before another part is needed. */
  remaining: number;
}

const GSM7_SINGLE = 160;
const GSM7_MULTI = 153;
const UCS2_SINGLE = 70;
const UCS2_MULTI = 67;

// GSM 03.38 default alphabet as Twilio bills it (message-segment-calculator's
// UnicodeToGSM): 127 characters, one septet each. 0x09 is capital Ç only.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

// Extension table: sent as ESC + code, two septets each.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Cost of each character in units, and the encoding of the whole message. */
function unitCosts(body: string): { costs: number[]; encoding: SmsEncoding } {
  const costs: number[] = [];
  for (const ch of body) {
    if (GSM7_BASIC.has(ch)) {
      costs.push(1);
    } else if (GSM7_EXTENSION.has(ch)) {
      costs.push(2);
    } else {
      // Iterating by code point keeps a surrogate pair together (2 units); a
      // lone surrogate is one unit, as the backend counts invalid input.
      return { costs: Array.from(body, (c) => c.length), encoding: 'UCS-2' };
    }
  }
  return { costs, encoding: 'GSM-7' };
}

/**
 * Counts the SMS segments body needs. A GSM-7 escape pair or a UTF-16
 * surrogate pair is never split across segments, so a concatenated segment
 * may carry one unit less than its capacity.
 */
export function countSegments(body: string): SegmentCount {
  const { costs, encoding } = unitCosts(body);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE : UCS2_SINGLE;
  const multi = encoding === 'GSM-7' ? GSM7_MULTI : UCS2_MULTI;
  const units = costs.reduce((sum, c) => sum + c, 0);

  if (units <= single) {
    return {
      encoding,
      units,
      segments: units === 0 ? 0 : 1,
      perSegment: single,
      remaining: single - units,
    };
  }

  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > multi) {
      segments++;
      used = 0;
    }
    used += c;
  }
  return { encoding, units, segments, perSegment: multi, remaining: multi - used };
}
