import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { X } from 'lucide-react';
import type { ID } from '../api/types';
import { ConsentBadges } from '../consent/ConsentBadges';
import { ContactLabels } from '../labels/ContactLabels';
import { RoutingHistory } from '../supervisor/RoutingHistory';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { Avatar, ChannelIcon, StatusBadge } from './bits';
import { contactLabel, formatListTime, useNow } from './format';
import { useContact } from './queries';

interface ContactPanelProps {
  contactId: ID;
  currentConversationId: ID;
  onClose: () => void;
}

/** The right column: who the contact is and their other conversations. */
export function ContactPanel({ contactId, currentConversationId, onClose }: ContactPanelProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const contact = useContact(contactId);

  return (
    <div className="contact-panel" data-testid="contact-panel">
      <div className="contact-panel-head">
        <h2>{t('inbox.contactPanel.title')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          data-testid="contact-panel-close"
          onClick={onClose}
        >
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      {contact.isPending ? (
        <Spinner />
      ) : contact.isError ? (
        <ErrorAlert error={contact.error} />
      ) : (
        <>
          <div className="contact-card">
            <Avatar name={contactLabel(contact.data)} size="lg" />
            <p className="contact-name" data-testid="contact-name">
              {contact.data.name || t('inbox.contactPanel.noName')}
            </p>
          </div>
          <dl className="contact-facts">
            <div>
              <dt>{t('inbox.contactPanel.whatsapp')}</dt>
              <dd data-testid="contact-whatsapp">{contact.data.whatsapp_number ?? <span className="muted">—</span>}</dd>
            </div>
            <div>
              <dt>{t('inbox.contactPanel.sms')}</dt>
              <dd data-testid="contact-sms">{contact.data.sms_number ?? <span className="muted">—</span>}</dd>
            </div>
          </dl>
          <ConsentBadges contact={contact.data} />
          <h3 className="contact-section-title">{t('labels.contactTitle')}</h3>
          <ContactLabels contactId={contactId} />
          <RoutingHistory conversationId={currentConversationId} />
          <h3 className="contact-section-title">{t('inbox.contactPanel.conversations')}</h3>
          <ul className="contact-conversations" data-testid="contact-conversations">
            {contact.data.conversations.map((c) => (
              <li key={c.id}>
                <Link
                  to={`/inbox/${c.id}`}
                  className={c.id === currentConversationId ? 'contact-conv current' : 'contact-conv'}
                  aria-current={c.id === currentConversationId ? 'page' : undefined}
                  data-testid="contact-conversation"
                >
                  <span className="contact-conv-line">
                    <ChannelIcon kind={c.channel_kind} size={13} />
                    <span className="contact-conv-channel">{c.channel_name}</span>
                    <StatusBadge status={c.status} />
                  </span>
                  <span className="contact-conv-line">
                    <span className="contact-conv-preview">{c.last_message_preview || '\u00a0'}</span>
                    <time className="muted" dateTime={c.last_message_at}>
                      {formatListTime(c.last_message_at, now, i18n.resolvedLanguage ?? 'en', t)}
                    </time>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
