import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EXCLUSION_REASONS, campaignsApi, type CampaignInput } from '../api/campaigns';
import { ApiError } from '../api/client';
import { useDebounced } from '../sandbox/useDebounced';
import { ErrorAlert } from '../ui/ErrorAlert';

/** How long the form must rest before the count is asked again. */
export const PREVIEW_DEBOUNCE_MS = 400;

interface PreviewCountsProps {
  /** The body to count (see previewInput); null while there is nothing to count. */
  input: CampaignInput | null;
}

/** A refused preview that names no recipients field: something else is still missing. */
function incomplete(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 422 &&
    Object.keys(error.fields).length > 0 &&
    !Object.keys(error.fields).some((f) => f.startsWith('recipients') || f === 'channel_id' || f === 'sender_id')
  );
}

/** How many will receive it, and how many are left out and why; follows the form. */
export function PreviewCounts({ input }: PreviewCountsProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const key = input ? JSON.stringify(input) : null;
  const settled = useDebounced(key, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: ['campaigns', 'preview', settled],
    queryFn: ({ signal }) => campaignsApi.preview(input!, signal),
    enabled: settled !== null && settled === key && input !== null,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  if (!input) {
    return (
      <section className="campaign-preview-counts" aria-live="polite" data-testid="campaign-preview-counts">
        <p className="muted">{t('campaigns.preview.nothing')}</p>
      </section>
    );
  }
  const data = preview.data;
  const excluded = data ? EXCLUSION_REASONS.filter((r) => (data.excluded?.[r] ?? 0) > 0) : [];
  return (
    <section
      className="campaign-preview-counts"
      aria-live="polite"
      aria-busy={preview.isFetching || settled !== key}
      data-testid="campaign-preview-counts"
    >
      <h3>{t('campaigns.preview.title')}</h3>
      {incomplete(preview.error) ? (
        <p className="muted" data-testid="preview-incomplete">
          {t('campaigns.preview.incomplete')}
        </p>
      ) : (
        <ErrorAlert error={preview.error} />
      )}
      {data && !preview.isError ? (
        <>
          <p className="campaign-will-receive" data-testid="preview-will-receive">
            {t('campaigns.preview.willReceive', { count: data.will_receive, n: number.format(data.will_receive) })}
          </p>
          <p className="muted" data-testid="preview-total">
            {t('campaigns.preview.total', {
              total: number.format(data.total),
              excluded: number.format(data.total - data.will_receive),
            })}
          </p>
          {excluded.length > 0 && (
            <ul className="campaign-excluded" data-testid="preview-excluded">
              {excluded.map((r) => (
                <li key={r} data-testid={`preview-excluded-${r}`}>
                  <span>{t(`campaigns.exclusions.${r}`)}</span>
                  <strong>{number.format(data.excluded[r])}</strong>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        !preview.isError && <p className="muted">{t('campaigns.preview.counting')}</p>
      )}
    </section>
  );
}
