import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';

export function FullPageSpinner() {
  return (
    <div className="full-page">
      <Spinner />
    </div>
  );
}

/** Shown when the session itself cannot be loaded (server down, 5xx). */
export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="full-page">
      <div className="full-page-box">
        <ErrorAlert error={error} />
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      </div>
    </div>
  );
}
