import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../i18n/format';
import { Dialog } from '../templates/Dialog';
import { ResourceList } from '../ui/ResourceList';
import { ConsentStateBadge } from './ConsentStateBadge';
import { formatNumber, sourceText } from './format';
import { useConsentHistory } from './queries';

/** Every consent change of one number, newest first (the append-only history). */
export function HistoryDialog({ number, onClose }: { number: string; onClose: () => void }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const history = useConsentHistory(number);
  return (
    <Dialog
      title={t('consent.history.title', { number: formatNumber(number) })}
      onClose={onClose}
      testId="consent-history"
    >
      <ResourceList
        query={history}
        isEmpty={(d) => d.items.length === 0}
        empty={t('consent.history.empty')}
        emptyTestId="consent-history-empty"
      >
        {(data) => (
          <ol className="consent-history" data-testid="consent-history-list">
            {data.items.map((entry) => (
              <li key={entry.id} data-testid="consent-history-entry">
                <span className="consent-history-head">
                  <strong>{t(`consent.kinds.${entry.channel_kind}`)}</strong>
                  <ConsentStateBadge state={entry.state} />
                  <time className="muted" dateTime={entry.at}>
                    {formatDate(entry.at)}
                  </time>
                </span>
                <span>{sourceText(t, entry.source, entry.detail)}</span>
                {entry.note && <span className="muted">{entry.note}</span>}
              </li>
            ))}
          </ol>
        )}
      </ResourceList>
    </Dialog>
  );
}
