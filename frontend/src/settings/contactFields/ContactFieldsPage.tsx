import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { AttributeDef } from '../../api/contacts';
import { useCan } from '../../auth/session';
import {
  useAccountSettings,
  useAttributes,
  useDeleteAttribute,
  useUpdateAccountSettings,
} from '../../contacts/queries';
import { Alert } from '../../ui/Alert';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { AttributeForm } from './AttributeForm';
import { COUNTRIES } from './countries';

/** Settings → Contact fields: the account's custom contact attributes and its default country. */
export function ContactFieldsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('settings:write');
  const attributes = useAttributes();
  const remove = useDeleteAttribute();
  const [editing, setEditing] = useState<AttributeDef | 'new' | null>(null);

  return (
    <div className="stack">
      <DefaultCountry canWrite={canWrite} />
      <SectionHeader
        title={t('contactFields.title')}
        description={t('contactFields.description', { placeholder: '{{attr.key}}' })}
        action={
          canWrite &&
          editing === null && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-attribute"
              onClick={() => setEditing('new')}
            >
              <Plus size={16} aria-hidden="true" />
              {t('contactFields.create')}
            </button>
          )
        }
      />
      {editing !== null && (
        <AttributeForm
          key={editing === 'new' ? 'new' : editing.id}
          attribute={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={remove.error} testId="attribute-delete-error" />
      <ResourceList
        query={attributes}
        isEmpty={noItems}
        empty={t('contactFields.empty')}
        emptyTestId="attributes-empty"
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table table-cards" data-testid="attributes-table">
              <thead>
                <tr>
                  <th scope="col">{t('contactFields.columns.label')}</th>
                  <th scope="col">{t('contactFields.columns.key')}</th>
                  <th scope="col">{t('contactFields.columns.type')}</th>
                  {canWrite && (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-testid={`attribute-row-${a.key}`}>
                    <td className="cell-strong">{a.label}</td>
                    <td data-label={t('contactFields.columns.key')}>
                      <code>{`{{attr.${a.key}}}`}</code>
                    </td>
                    <td data-label={t('contactFields.columns.type')}>
                      {t(`contactFields.types.${a.type}`)}
                      {a.type === 'choice' && <span className="cell-secondary"> · {a.options.join(', ')}</span>}
                    </td>
                    {canWrite && (
                      <td className="cell-actions">
                        <ConfirmAction
                          trigger={t('contactFields.delete')}
                          triggerTestId="attribute-delete"
                          confirmLabel={t('contactFields.confirmDelete')}
                          confirmTestId="attribute-delete-confirm"
                          hint={t('contactFields.confirmDeleteHint')}
                          busy={remove.isPending && remove.variables === a.id}
                          onConfirm={() => remove.mutate(a.id)}
                        >
                          <button
                            type="button"
                            className="button button-small"
                            data-testid="attribute-edit"
                            onClick={() => setEditing(a)}
                          >
                            {t('contactFields.edit')}
                          </button>
                        </ConfirmAction>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceList>
    </div>
  );
}

function DefaultCountry({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const settings = useAccountSettings();
  const update = useUpdateAccountSettings();
  const [country, setCountry] = useState<string | null>(null);
  const errors = useFieldErrors(update.error);
  const current = country ?? settings.data?.default_country ?? '';
  const names = new Intl.DisplayNames([i18n.resolvedLanguage ?? 'en'], { type: 'region' });

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate({ default_country: current }, { onSuccess: () => setCountry(null) });
  }

  return (
    <form className="panel form-stack" onSubmit={submit} data-testid="default-country-form">
      <SectionHeader title={t('contactFields.country.title')} description={t('contactFields.country.description')} />
      <ErrorAlert error={settings.error ?? update.error} formFields={['default_country']} />
      {update.isSuccess && country === null && (
        <Alert tone="success" testId="default-country-saved">
          {t('contactFields.country.saved')}
        </Alert>
      )}
      <div className="inline-form">
        <Field label={t('contactFields.country.label')} error={errors.default_country}>
          {(control) => (
            <select
              {...control}
              disabled={!canWrite || settings.isPending}
              data-testid="default-country"
              value={current}
              onChange={(e) => setCountry(e.target.value)}
            >
              <option value="">{t('contactFields.country.none')}</option>
              {COUNTRIES.map((code) => (
                <option key={code} value={code}>
                  {names.of(code) ?? code} ({code})
                </option>
              ))}
            </select>
          )}
        </Field>
        {canWrite && (
          <button
            type="submit"
            className="button button-primary"
            disabled={update.isPending || country === null}
            data-testid="default-country-save"
          >
            {update.isPending ? t('contactFields.country.saving') : t('contactFields.country.save')}
          </button>
        )}
      </div>
    </form>
  );
}
