import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { History } from 'lucide-react';
import { CONSENT_CHANNEL_KINDS, type ConsentChannelKind, type ContactConsents } from '../api/consent';
import { useCan } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { ConsentStateBadge } from './ConsentStateBadge';
import { HistoryDialog } from './HistoryDialog';
import { sourceText } from './format';

/** The `consents` of a contact JSON, which older servers leave out. */
export function contactConsents(contact: object): ContactConsents | undefined {
  const value = (contact as { consents?: unknown }).consents;
  return value && typeof value === 'object' ? (value as ContactConsents) : undefined;
}

function numberOf(contact: object, kind: ConsentChannelKind): string | null {
  const value = (contact as Record<string, unknown>)[`${kind}_number`];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A contact's current consent per channel kind (WhatsApp, SMS), with the
 * history of each number for those who may read consents. Renders nothing
 * when the server does not send consents.
 */
export function ConsentBadges({ contact }: { contact: object }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const canRead = useCan('consent:read');
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const consents = contactConsents(contact);
  if (!consents) return null;
  return (
    <>
      <h3 className="contact-section-title">{t('consent.contactTitle')}</h3>
      <dl className="consent-kinds" data-testid="consent-badges">
        {CONSENT_CHANNEL_KINDS.map((kind) => {
          const current = consents[kind] ?? null;
          const number = numberOf(contact, kind);
          return (
            <div key={kind} className="consent-kind" data-testid={`consent-${kind}`}>
              <dt>{t(`consent.kinds.${kind}`)}</dt>
              <dd>
                <ConsentStateBadge state={current?.state} />
                {current && (
                  <span className="muted" title={formatDate(current.changed_at)}>
                    {sourceText(t, current.source)}
                  </span>
                )}
                {canRead && number && (
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    data-testid={`consent-history-${kind}`}
                    aria-label={t('consent.history.open', { kind: t(`consent.kinds.${kind}`) })}
                    title={t('consent.history.open', { kind: t(`consent.kinds.${kind}`) })}
                    onClick={() => setHistoryOf(number)}
                  >
                    <History size={14} aria-hidden="true" />
                  </button>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {historyOf && <HistoryDialog number={historyOf} onClose={() => setHistoryOf(null)} />}
    </>
  );
}
