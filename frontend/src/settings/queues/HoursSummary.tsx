import { useTranslation } from 'react-i18next';
import type { BusinessHours } from '../../api/routing';
import { summarizeHours } from './hours';

/** A queue's business hours in one line: "Mon–Fri 09:00–17:00 · Sat 10:00–14:00 (Europe/Vienna)". */
export function HoursSummary({ hours }: { hours: BusinessHours | null }) {
  const { t } = useTranslation();
  if (!hours) return <span data-testid="queue-hours">{t('routing.hours.alwaysOpen')}</span>;
  const lines = summarizeHours(hours);
  const text = lines
    .map(({ from, to, spans }) => {
      const days =
        from === to
          ? t(`routing.daysShort.${from}`)
          : `${t(`routing.daysShort.${from}`)}–${t(`routing.daysShort.${to}`)}`;
      return `${days} ${spans.map(([f, to]) => `${f}–${to}`).join(', ')}`;
    })
    .join(' · ');
  return (
    <span data-testid="queue-hours">
      {text || t('routing.hours.neverOpen')} <span className="muted">({hours.timezone.replaceAll('_', ' ')})</span>
    </span>
  );
}
