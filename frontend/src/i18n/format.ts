import { useTranslation } from 'react-i18next';

/** Formats API timestamps (RFC 3339) for the current UI language. */
export function useDateTimeFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language ?? 'en';
  const format = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string | null | undefined): string => {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : format.format(date);
  };
}
