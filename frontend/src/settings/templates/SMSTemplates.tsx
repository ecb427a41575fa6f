import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { SMSTemplate } from '../../api/templates';
import { useCan } from '../../auth/session';
import { useDeleteSMSTemplate, useSMSTemplates } from '../../templates/queries';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
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
      <SectionHeader
        level="h3"
        titleId="sms-templates-title"
        title={t('templates.sms.title')}
        description={t('templates.sms.description')}
        action={
          canWrite &&
          editing === null && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-sms-template"
              onClick={() => setEditing('new')}
            >
              <Plus size={16} aria-hidden="true" />
              {t('templates.sms.create')}
            </button>
          )
        }
      />

      {editing !== null && (
        <SMSTemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={remove.error} />

      <ResourceList query={list} isEmpty={noItems} empty={t('templates.sms.empty')}>
        {(items) => (
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
                {items.map((s) => (
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
      </ResourceList>
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
          <ConfirmAction
            trigger={t('templates.sms.delete')}
            triggerTestId="sms-template-delete"
            confirmLabel={t('templates.sms.confirmDelete')}
            confirmTestId="sms-template-delete-confirm"
            busy={deleting}
            onConfirm={onDelete}
          >
            <button type="button" className="button button-small" data-testid="sms-template-edit" onClick={onEdit}>
              {t('templates.sms.edit')}
            </button>
          </ConfirmAction>
        </td>
      )}
    </tr>
  );
}
