import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { SMSTemplate } from '../../api/templates';
import { useCan } from '../../auth/session';
import { useDeleteSMSTemplate, useSMSTemplates } from '../../templates/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Spinner } from '../../ui/Spinner';
import { SMSTemplateForm } from './SMSTemplateForm';

/** Local SMS text templates: list, and create/edit/delete for those allowed. */
export function SMSTemplates() {
  const { t } = useTranslation();
  const canWrite = useCan('templates:write');
  const list = useSMSTemplates();
  const remove = useDeleteSMSTemplate();
  const [editing, setEditing] = useState<SMSTemplate | 'new' | null>(null);

  return (
    <section className="stack" aria-labelledby="sms-templates-title">
      <div className="section-header">
        <div>
          <h3 id="sms-templates-title">{t('templates.sms.title')}</h3>
          <p className="muted">{t('templates.sms.description')}</p>
        </div>
        {canWrite && editing === null && (
          <button
            type="button"
            className="button button-primary"
            data-testid="new-sms-template"
            onClick={() => setEditing('new')}
          >
            <Plus size={16} aria-hidden="true" />
            {t('templates.sms.create')}
          </button>
        )}
      </div>

      {editing !== null && (
        <SMSTemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={remove.error} />

      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.length === 0 ? (
        <p className="muted">{t('templates.sms.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sms-templates-table">
            <thead>
              <tr>
                <th scope="col">{t('templates.columns.name')}</th>
                <th scope="col">{t('templates.columns.text')}</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <SMSTemplateRow
                  key={s.id}
                  template={s}
                  canWrite={canWrite}
                  deleting={remove.isPending && remove.variables === s.id}
                  onEdit={() => setEditing(s)}
                  onDelete={() => remove.mutate(s.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface SMSTemplateRowProps {
  template: SMSTemplate;
  canWrite: boolean;
  deleting: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function SMSTemplateRow({ template, canWrite, deleting, onEdit, onDelete }: SMSTemplateRowProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid={`sms-template-row-${template.name}`}>
      <td className="cell-strong">{template.name}</td>
      <td className="template-text-cell">
        <span className="template-text">{template.body}</span>
        {template.placeholders.length > 0 && (
          <span className="cell-secondary">
            {t('templates.sms.placeholders', { names: template.placeholders.join(', ') })}
          </span>
        )}
      </td>
      {canWrite && (
        <td className="cell-actions">
          {confirming ? (
            <span className="inline-actions">
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                disabled={deleting}
                data-testid="sms-template-delete-confirm"
                onClick={onDelete}
              >
                {t('templates.sms.confirmDelete')}
              </button>
            </span>
          ) : (
            <span className="inline-actions">
              <button type="button" className="button button-small" data-testid="sms-template-edit" onClick={onEdit}>
                {t('templates.sms.edit')}
              </button>
              <button
                type="button"
                className="button button-small"
                data-testid="sms-template-delete"
                onClick={() => setConfirming(true)}
              >
                {t('templates.sms.delete')}
              </button>
            </span>
          )}
        </td>
      )}
    </tr>
  );
}
