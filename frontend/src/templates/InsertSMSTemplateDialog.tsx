import { useTranslation } from 'react-i18next';
import type { ID } from '../api/types';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { Dialog } from './Dialog';
import { useRenderSMSTemplate, useSMSTemplates } from './queries';

interface InsertSMSTemplateDialogProps {
  conversationId: ID;
  onInsert: (text: string) => void;
  onClose: () => void;
}

/** Picks an SMS template, fills it from the conversation's contact, and hands the text to the composer. */
export function InsertSMSTemplateDialog({ conversationId, onInsert, onClose }: InsertSMSTemplateDialogProps) {
  const { t } = useTranslation();
  const list = useSMSTemplates();
  const render = useRenderSMSTemplate(conversationId);
  const rendered = render.data;

  return (
    <Dialog title={t('templates.insert.title')} onClose={onClose} testId="insert-sms-template-dialog">
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.length === 0 ? (
        <p className="muted">{t('templates.insert.empty')}</p>
      ) : (
        <div className="dialog-form">
          <ul className="template-pick-list">
            {list.data.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={render.variables === s.id ? 'template-pick active' : 'template-pick'}
                  data-testid={`insert-sms-template-${s.name}`}
                  onClick={() => render.mutate(s.id)}
                >
                  <span className="cell-strong">{s.name}</span>
                  <span className="muted template-pick-body">{s.body}</span>
                </button>
              </li>
            ))}
          </ul>
          <ErrorAlert error={render.error} />
          {rendered && (
            <>
              <div className="template-bubble template-bubble-sms" data-testid="insert-sms-template-preview">
                <p className="template-bubble-body">{rendered.text}</p>
              </div>
              {rendered.missing.length > 0 && (
                <Alert tone="info">{t('templates.insert.missing', { names: rendered.missing.join(', ') })}</Alert>
              )}
              <div className="form-actions">
                <button type="button" className="button" onClick={onClose}>
                  {t('common.cancel')}
                </button>
                <button
                  type="button"
                  className="button button-primary"
                  data-testid="insert-sms-template-submit"
                  onClick={() => {
                    onInsert(rendered.text);
                    onClose();
                  }}
                >
                  {t('templates.insert.submit')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
