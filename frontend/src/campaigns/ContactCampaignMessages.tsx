import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useContactCampaignMessages } from './queries';
import { useReasonText } from './reasons';
import './campaigns.css';

/** "Campaign messages" on the contact detail: every campaign send to the contact, direct ones too. */
export function ContactCampaignMessages({ contactId }: { contactId: ID }) {
  const canRead = useCan('campaigns:read');
  return canRead ? <MessagesOf contactId={contactId} /> : null;
}

function MessagesOf({ contactId }: { contactId: ID }) {
  const { t } = useTranslation();
  const when = useDateTimeFormat();
  const reasonText = useReasonText();
  const messages = useContactCampaignMessages(contactId);
  const items = messages.data ?? [];
  // Nothing sent to the contact yet (or a server without campaigns): no section.
  if (messages.isPending || (messages.isSuccess && items.length === 0)) return null;
  if (messages.error instanceof ApiError && messages.error.status === 404) return null;
  return (
    <section className="contact-campaign-messages" data-testid="contact-campaign-messages">
      <h3 className="contact-section-title">{t('campaigns.contact.title', { count: items.length })}</h3>
      <ErrorAlert error={messages.error} />
      <ul>
        {items.map((m, i) => (
          <li key={`${m.campaign_id}-${i}`} data-testid="contact-campaign-message">
            <div className="contact-campaign-head">
              <Link to={`/campaigns/${m.campaign_id}`}>{m.campaign_name}</Link>
              <span className={`badge recipient-status recipient-status-${m.status}`}>
                {t(`campaigns.recipientStatus.${m.status}`)}
              </span>
              {m.replied_at && <span className="badge">{t('campaigns.counts.replied')}</span>}
              <span className="muted">{when(m.sent_at)}</span>
            </div>
            {m.body && <p className="contact-campaign-body">{m.body}</p>}
            {m.reason && <p className="muted">{reasonText(m.reason, '')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
