import { useTranslation } from 'react-i18next';
import type { CampaignCounts } from '../api/campaigns';
import './campaigns.css';

/** Counts of a campaign with no recipients yet. */
export const NO_COUNTS: CampaignCounts = {
  total: 0,
  queued: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  excluded: 0,
  unknown: 0,
  replied: 0,
  clicked: 0,
};

/** The counts shown beside the bar, in the order a send moves through. */
export const COUNT_KEYS = ['queued', 'sent', 'delivered', 'read', 'failed', 'excluded', 'replied', 'clicked'] as const;

/** How far the campaign is: recipients done (sent, failed or unknown) of those to send to. */
export function progressOf(counts: CampaignCounts): { done: number; of: number; percent: number } {
  const of = Math.max(0, counts.total - counts.excluded);
  const done = Math.min(of, counts.sent + counts.failed + counts.unknown);
  return { done, of, percent: of === 0 ? 0 : Math.round((done / of) * 100) };
}

interface CampaignProgressProps {
  counts: CampaignCounts;
  /** The list shows the bar and a short line; the detail adds every count. */
  compact?: boolean;
  name: string;
}

/** A progress bar with the campaign's counts, updated live. */
export function CampaignProgress({ counts, compact, name }: CampaignProgressProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const { done, of, percent } = progressOf(counts);
  return (
    <div className={compact ? 'campaign-progress campaign-progress-compact' : 'campaign-progress'}>
      <div
        className="campaign-bar"
        role="progressbar"
        aria-label={t('campaigns.progress.label', { name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('campaigns.progress.text', { done: number.format(done), of: number.format(of) })}
        data-testid="campaign-progress"
        data-done={done}
        data-of={of}
      >
        <span className="campaign-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      {compact ? (
        <p className="campaign-progress-line muted" data-testid="campaign-progress-line">
          {t('campaigns.progress.text', { done: number.format(done), of: number.format(of) })}
        </p>
      ) : null}
      <dl
        className={compact ? 'campaign-counts campaign-counts-compact' : 'campaign-counts'}
        data-testid="campaign-counts"
      >
        {COUNT_KEYS.map((key) => (
          <div key={key} className={`campaign-count campaign-count-${key}`} data-testid={`count-${key}`}>
            <dt>{t(`campaigns.counts.${key}`)}</dt>
            <dd>{number.format(counts[key] ?? 0)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
