import type { TFunction } from 'i18next';
import type { ConsentSource } from '../api/consent';

// Calling codes of one and two digits; all others have three (ITU E.164 assignments).
const SHORT_CODES = new Set([
  '1',
  '7',
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** An E.164 number spaced for reading: "+436641234567" → "+43 664 1234567". Anything else as given. */
export function formatNumber(e164: string): string {
  if (!/^\+\d{6,15}$/.test(e164)) return e164;
  const digits = e164.slice(1);
  const ccLength = SHORT_CODES.has(digits.slice(0, 1)) ? 1 : SHORT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  const cc = digits.slice(0, ccLength);
  const rest = digits.slice(ccLength);
  return `+${cc} ${rest.slice(0, 3)} ${rest.slice(3)}`.trim();
}

/** "Keyword · START NEWS": the translated source with its detail (or the agent's note). */
export function sourceText(t: TFunction, source: ConsentSource | string, detail?: string, note?: string): string {
  const name = t(`consent.sources.${source}`, { defaultValue: source });
  const extra = source === 'agent' ? note || detail : detail;
  return extra ? `${name} · ${extra}` : name;
}
