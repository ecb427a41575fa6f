import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SendHorizontal } from 'lucide-react';
import type { ID } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/errors';
import { Spinner } from '../ui/Spinner';
import { Dialog } from './Dialog';
import { useSendTemplate, useSendableTemplates } from './queries';
import { TemplateChooser, useTemplateForm } from './TemplateChooser';

interface SendTemplateDialogProps {
  conversationId: ID;
  channelId: ID;
  contactName: string;
  onClose: () => void;
}

/**
 * Picks an approved WhatsApp template of the conversation's channel, fills
 * its variables with a live preview, and sends it — the way to write when
 * the 24-hour window is closed.
 */
export function SendTemplateDialog({ conversationId, channelId, contactName, onClose }: SendTemplateDialogProps) {
  const { t } = useTranslation();
  const templates = useSendableTemplates(channelId);
  const items = templates.data?.items ?? [];
  const form = useTemplateForm(items);
  const send = useSendTemplate(conversationId);
  const errors = fieldErrors(send.error);
  const formFields = ['template_id', ...(form.template?.variables.map((v) => v.field) ?? [])];

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = form.send();
    if (!body) return;
    send.mutate(body, { onSuccess: onClose });
  }

  return (
    <Dialog
      title={t('templates.send.title', { name: contactName })}
      onClose={onClose}
      testId="send-template-dialog"
      wide
    >
      {templates.isPending ? (
        <Spinner />
      ) : templates.isError ? (
        <ErrorAlert error={templates.error} />
      ) : items.length === 0 ? (
        <p className="muted" data-testid="send-template-empty">
          {t('templates.send.empty')}
        </p>
      ) : (
        <form className="dialog-form" onSubmit={submit}>
          <p className="muted">{t('templates.send.description')}</p>
          <ErrorAlert error={send.error} formFields={formFields} testId="send-template-error" />
          <TemplateChooser templates={items} form={form} errors={errors} />
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={!form.template || send.isPending}
              data-testid="send-template-submit"
            >
              <SendHorizontal size={16} aria-hidden="true" />
              {send.isPending ? t('templates.send.sending') : t('templates.send.submit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
