import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorMessage } from './errors';
import { Alert } from './Alert';

interface ErrorAlertProps {
  error: unknown;
  testId?: string;
  /**
   * Fields the surrounding form shows errors next to. When every field error
   * of the response is among them, the alert only points at the fields.
   */
  formFields?: readonly string[];
}

/** Shows a failed request's message, or nothing when there is no error. */
export function ErrorAlert({ error, testId, formFields }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  if (formFields && error instanceof ApiError) {
    const keys = Object.keys(error.fields);
    if (keys.length > 0 && keys.every((key) => formFields.includes(key))) {
      return <Alert testId={testId}>{t('errors.validation_failed')}</Alert>;
    }
  }
  return <Alert testId={testId}>{message(error)}</Alert>;
}
