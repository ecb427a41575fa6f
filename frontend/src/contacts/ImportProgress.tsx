import { useTranslation } from 'react-i18next';
import { Download } from 'lucide-react';
import { importErrorsURL, type ImportRowError } from '../api/contacts';
import type { ID } from '../api/types';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SectionHeader } from '../ui/SectionHeader';
import { useImportProgress } from './queries';

interface ImportProgressProps {
  id: ID;
  onDismiss: () => void;
}

/** A running import's progress bar, then its result with the rows that failed. */
export function ImportProgress({ id, onDismiss }: ImportProgressProps) {
  const { t } = useTranslation();
  const progress = useImportProgress(id);
  const state = progress.data;
  if (progress.isError) {
    return (
      <div className="panel stack" data-testid="import-progress">
        <ErrorAlert error={progress.error} />
        <div>
          <button type="button" className="button button-small" onClick={onDismiss}>
            {t('common.dismiss')}
          </button>
        </div>
      </div>
    );
  }
  if (!state) return null;
  const processed = state.imported + state.updated + state.unchanged + state.failed;
  const finished = state.status === 'done' || state.status === 'failed';
  const percent = state.total > 0 ? Math.min(100, Math.round((processed / state.total) * 100)) : finished ? 100 : 0;

  return (
    <section
      className="panel stack import-progress"
      data-testid="import-progress"
      data-status={state.status}
      aria-labelledby="import-progress-title"
    >
      <SectionHeader
        titleId="import-progress-title"
        title={t('contacts.import.progressTitle', { name: state.file_name })}
        action={
          finished && (
            <button type="button" className="button button-small" data-testid="import-dismiss" onClick={onDismiss}>
              {t('common.dismiss')}
            </button>
          )
        }
      />
      {!finished && (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-label={t('contacts.import.progressLabel')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            data-testid="import-progressbar"
          >
            <div className="progress-bar" style={{ width: `${percent}%` }} />
          </div>
          <p className="muted" aria-live="polite">
            {state.status === 'queued'
              ? t('contacts.import.queued')
              : t('contacts.import.running', { processed, total: state.total })}
          </p>
        </>
      )}
      {state.status === 'failed' && <Alert>{state.error || t('contacts.import.failed')}</Alert>}
      {state.status === 'done' && (
        <Alert tone={state.failed > 0 ? 'info' : 'success'} testId="import-summary">
          {t('contacts.import.summary', {
            imported: state.imported,
            updated: state.updated,
            unchanged: state.unchanged,
            failed: state.failed,
          })}
        </Alert>
      )}
      {finished && state.errors.length > 0 && <ImportErrors id={id} errors={state.errors} />}
    </section>
  );
}

function ImportErrors({ id, errors }: { id: ID; errors: ImportRowError[] }) {
  const { t, i18n } = useTranslation();
  const reason = (e: ImportRowError) => {
    const key = `contacts.import.codes.${e.code}`;
    return i18n.exists(key) ? t(key as 'contacts.import.codes.invalid_number') : e.message;
  };
  return (
    <div className="stack">
      <SectionHeader
        level="h3"
        title={t('contacts.import.errorsTitle', { count: errors.length })}
        action={
          <a className="button button-small" href={importErrorsURL(id)} download data-testid="import-errors-csv">
            <Download size={14} aria-hidden="true" />
            {t('contacts.import.errorsCSV')}
          </a>
        }
      />
      <div className="table-wrap">
        <table className="table" data-testid="import-errors">
          <thead>
            <tr>
              <th scope="col">{t('contacts.import.row')}</th>
              <th scope="col">{t('contacts.import.column')}</th>
              <th scope="col">{t('contacts.import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error-row">
                <td>{e.row}</td>
                <td>{e.column || '—'}</td>
                <td>{reason(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
