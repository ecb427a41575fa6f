import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * Returns a function that turns any thrown value into a sentence for the user:
 * a translation for the error codes the UI knows, else the server's message.
 */
export function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.generic');
    if (error.code === 'too_many_attempts' && error.retryAfter) {
      return t('errors.too_many_attempts_retry', { count: error.retryAfter });
    }
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return t(key as 'errors.generic');
    if (error.message && error.status < 500) return error.message;
    return t('errors.generic');
  };
}

/** Per-field messages of an API error, empty for anything else. */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fields : {};
}

/**
 * Per-field messages of an API error, with the codes the UI knows (e.g.
 * "invalid_number") translated from errors.fields; other messages as sent.
 */
export function useFieldErrors(error: unknown): Record<string, string> {
  const { t, i18n } = useTranslation();
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const key = `errors.fields.${message}`;
    out[field] = i18n.exists(key) ? t(key as 'errors.generic') : message;
  }
  return out;
}
