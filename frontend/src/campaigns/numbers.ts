// Numbers typed into a campaign, checked as they are typed. International
// numbers (+…, 00…) and national ones (0…, read with the account's default
// country) pass; the server normalises them.

export interface TypedNumber {
  raw: string;
  /** Digits with the leading + or 0 kept. */
  cleaned: string;
  valid: boolean;
  /** A national number with no default country to read it with. */
  needsCountry: boolean;
}

const INTERNATIONAL = /^\+[1-9]\d{6,14}$/;
const NATIONAL = /^0[1-9]\d{4,13}$/;

/** Splits the text at line breaks, commas and semicolons; blanks are dropped. */
export function parseNumbers(text: string, hasDefaultCountry: boolean): TypedNumber[] {
  return text
    .split(/[\n,;]+/)
    .map((raw) => raw.trim())
    .filter((raw) => raw !== '')
    .map((raw) => {
      let cleaned = raw.replace(/[\s\-./()]/g, '');
      if (cleaned.startsWith('00')) cleaned = `+${cleaned.slice(2)}`;
      const national = NATIONAL.test(cleaned);
      const valid = INTERNATIONAL.test(cleaned) || (national && hasDefaultCountry);
      return { raw, cleaned, valid, needsCountry: national && !hasDefaultCountry };
    });
}
