// The composer's way into templates: "Send template" for WhatsApp (the main
// action once the 24-hour window is closed) and "SMS template" for SMS,
// which fills a template from the contact and inserts it as text.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileText, LayoutTemplate } from 'lucide-react';
import type { ID } from '../api/types';
import { useConversation } from '../inbox/queries';
import { InsertSMSTemplateDialog } from './InsertSMSTemplateDialog';
import { SendTemplateDialog } from './SendTemplateDialog';

interface SendTemplateButtonProps {
  conversationId: ID;
  /** A full primary button (window closed) instead of a compact one. */
  primary?: boolean;
}

/** Opens the template dialog; shown for WhatsApp and sandbox conversations only. */
export function SendTemplateButton({ conversationId, primary }: SendTemplateButtonProps) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId).data;
  const [open, setOpen] = useState(false);
  if (!conversation || conversation.channel_kind === 'sms_twilio') return null;
  const label = t('templates.send.open');
  return (
    <>
      <button
        type="button"
        className={primary ? 'button button-primary' : 'button button-small'}
        title={label}
        data-testid={primary ? 'composer-send-template-primary' : 'composer-send-template'}
        onClick={() => setOpen(true)}
      >
        <LayoutTemplate size={16} aria-hidden="true" />
        {label}
      </button>
      {open && (
        <SendTemplateDialog
          conversationId={conversation.id}
          channelId={conversation.channel_id}
          contactName={conversation.contact.name || conversation.contact.whatsapp_number || ''}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

interface InsertSMSTemplateButtonProps {
  conversationId: ID;
  onInsert: (text: string) => void;
}

/** Inserts a filled SMS template into the composer; shown for SMS conversations only. */
export function InsertSMSTemplateButton({ conversationId, onInsert }: InsertSMSTemplateButtonProps) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId).data;
  const [open, setOpen] = useState(false);
  if (conversation?.channel_kind !== 'sms_twilio') return null;
  const label = t('templates.insert.open');
  return (
    <>
      <button
        type="button"
        className="button button-small"
        title={t('templates.insert.title')}
        data-testid="composer-insert-sms-template"
        onClick={() => setOpen(true)}
      >
        <FileText size={16} aria-hidden="true" />
        {label}
      </button>
      {open && (
        <InsertSMSTemplateDialog conversationId={conversationId} onInsert={onInsert} onClose={() => setOpen(false)} />
      )}
    </>
  );
}
