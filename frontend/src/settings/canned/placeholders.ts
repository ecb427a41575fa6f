/** The placeholders every contact can fill (see backend/placeholders). */
export const STANDARD_PLACEHOLDERS = [
  'name',
  'first_name',
  'last_name',
  'phone',
  'whatsapp_number',
  'sms_number',
] as const;

/** How a placeholder is written in a text. */
export function placeholderToken(name: string): string {
  return `{{${name}}}`;
}
