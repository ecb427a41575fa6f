import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FileSpreadsheet, X } from 'lucide-react';
import { ContactFilters } from '../contacts/ContactFilters';
import { GroupKindBadge } from '../groups/GroupKindBadge';
import { useGroups } from '../groups/queries';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import type { CampaignDraft, PhoneBookChoice } from './draft';
import { parseNumbers } from './numbers';
import { useUploadRecipients } from './queries';

interface RecipientsFieldsProps {
  draft: CampaignDraft;
  set: (change: Partial<CampaignDraft>) => void;
  errors: Record<string, string>;
  hasDefaultCountry: boolean;
}

const PHONE_BOOK: PhoneBookChoice[] = ['none', 'all', 'filtered'];

/** Who receives it: typed numbers, a file, groups and the phone book, combined. */
export function RecipientsFields({ draft, set, errors, hasDefaultCountry }: RecipientsFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const groups = useGroups();
  const upload = useUploadRecipients();
  const typed = parseNumbers(draft.numbersText, hasDefaultCountry);
  const invalid = typed.filter((n) => !n.valid);

  function toggleGroup(groupId: number, on: boolean) {
    set({ groupIds: on ? [...draft.groupIds, groupId] : draft.groupIds.filter((g) => g !== groupId) });
  }

  return (
    <fieldset className="campaign-section" data-testid="campaign-recipients">
      <legend>{t('campaigns.recipients.title')}</legend>
      <p className="muted">{t('campaigns.recipients.description')}</p>
      {errors.recipients && (
        <p className="field-error" data-testid="error-recipients">
          {errors.recipients}
        </p>
      )}

      <Field
        label={t('campaigns.recipients.numbers')}
        hint={t(hasDefaultCountry ? 'campaigns.recipients.numbersHint' : 'campaigns.recipients.numbersHintNoCountry')}
        error={errors['recipients.numbers']}
        optional
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            name="numbers"
            placeholder={'+43 660 1234567\n+49 151 2345678'}
            data-testid="campaign-numbers"
            value={draft.numbersText}
            onChange={(e) => set({ numbersText: e.target.value })}
          />
        )}
      </Field>
      {typed.length > 0 && (
        <p className="campaign-typed muted" data-testid="campaign-numbers-count">
          {t('campaigns.recipients.numbersCount', { count: typed.length - invalid.length })}
          {invalid.length > 0 && (
            <span className="campaign-invalid" data-testid="campaign-numbers-invalid">
              {' · '}
              {t('campaigns.recipients.numbersInvalid', {
                count: invalid.length,
                list: invalid
                  .slice(0, 5)
                  .map((n) => n.raw)
                  .join(', '),
              })}
              {invalid.some((n) => n.needsCountry) && ` ${t('campaigns.recipients.needsCountry')}`}
            </span>
          )}
        </p>
      )}

      <div className="field">
        <label htmlFor={`${id}-file`}>
          {t('campaigns.recipients.file')}
          <span className="field-optional"> ({t('common.optional')})</span>
        </label>
        {draft.file ? (
          <div className="campaign-file" data-testid="campaign-file">
            <FileSpreadsheet size={16} aria-hidden="true" />
            <span>
              {t('campaigns.recipients.fileSummary', {
                name: draft.file.name || t('campaigns.recipients.fileStored'),
                count: draft.file.rows,
              })}
              {draft.file.columns.length > 0 &&
                ` · ${t('campaigns.recipients.fileColumns', { columns: draft.file.columns.join(', ') })}`}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label={t('campaigns.recipients.fileRemove')}
              title={t('campaigns.recipients.fileRemove')}
              onClick={() => set({ file: null })}
            >
              <X size={15} aria-hidden="true" />
            </button>
          </div>
        ) : (
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="campaign-file-input"
            disabled={upload.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file, { onSuccess: (res) => set({ file: { ...res, name: file.name } }) });
            }}
          />
        )}
        <p className="field-hint">{t('campaigns.recipients.fileHint')}</p>
        {upload.isPending && <p className="field-hint">{t('campaigns.media.uploading')}</p>}
        <ErrorAlert error={upload.error} />
        {draft.file && draft.file.errors.length > 0 && (
          <div className="campaign-file-errors" data-testid="campaign-file-errors">
            <p className="field-error">{t('campaigns.recipients.fileErrors', { count: draft.file.errors.length })}</p>
            <ul>
              {draft.file.errors.slice(0, 20).map((e, i) => (
                <li key={i}>
                  {t('campaigns.recipients.fileError', { row: e.row, column: e.column, message: e.message })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <fieldset className="campaign-subsection">
        <legend>{t('campaigns.recipients.groups')}</legend>
        {groups.isError ? (
          <ErrorAlert error={groups.error} />
        ) : (groups.data?.length ?? 0) === 0 ? (
          <p className="muted">{groups.isPending ? t('app.loading') : t('campaigns.recipients.noGroups')}</p>
        ) : (
          <ul className="campaign-groups" data-testid="campaign-groups">
            {groups.data?.map((g) => (
              <li key={g.id}>
                <label>
                  <input
                    type="checkbox"
                    data-testid={`campaign-group-${g.id}`}
                    checked={draft.groupIds.includes(g.id)}
                    onChange={(e) => toggleGroup(g.id, e.target.checked)}
                  />
                  <span>{g.name}</span>
                  <GroupKindBadge kind={g.kind} />
                  <span className="muted">{t('campaigns.recipients.groupMembers', { count: g.reach.members })}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset className="campaign-subsection">
        <legend>{t('campaigns.recipients.phoneBook')}</legend>
        <div className="campaign-choices" role="radiogroup">
          {PHONE_BOOK.map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name={`${id}-phonebook`}
                data-testid={`campaign-phonebook-${choice}`}
                checked={draft.phoneBook === choice}
                onChange={() => set({ phoneBook: choice })}
              />
              {t(`campaigns.recipients.phoneBookChoices.${choice}`)}
            </label>
          ))}
        </div>
        {draft.phoneBook === 'filtered' && (
          <ContactFilters
            search={draft.contactFilter.q ?? ''}
            onSearch={(q) => set({ contactFilter: { ...draft.contactFilter, q: q || undefined } })}
            filter={draft.contactFilter}
            onChange={(contactFilter) => set({ contactFilter })}
          />
        )}
      </fieldset>

      <Field label={t('campaigns.recipients.numberType')} hint={t('campaigns.recipients.numberTypeHint')}>
        {(control) => (
          <select
            {...control}
            name="number_type"
            data-testid="campaign-number-type"
            value={draft.numberType}
            onChange={(e) => set({ numberType: e.target.value as CampaignDraft['numberType'] })}
          >
            <option value="whatsapp">{t('campaigns.recipients.numberTypes.whatsapp')}</option>
            <option value="sms">{t('campaigns.recipients.numberTypes.sms')}</option>
          </select>
        )}
      </Field>
    </fieldset>
  );
}
