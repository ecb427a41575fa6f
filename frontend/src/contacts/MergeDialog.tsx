import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDef, Contact, MergeChoice, MergeRequest } from '../api/contacts';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { contactName, formatAttribute } from './columns';
import { useAttributes, useMergeContacts } from './queries';

interface MergeDialogProps {
  /** The two contacts; the first is kept unless swapped. */
  contacts: [Contact, Contact];
  onClose: () => void;
}

type Field = 'name' | 'sms_number' | 'whatsapp_number';
const FIELDS: Field[] = ['name', 'sms_number', 'whatsapp_number'];

function fieldValue(c: Contact, field: Field): string {
  if (field === 'name') return contactName(c);
  return (
    (field === 'sms_number'
      ? c.sms_number_formatted || c.sms_number
      : c.whatsapp_number_formatted || c.whatsapp_number) ?? ''
  );
}

/** Merges two contacts into one: for each field where both differ, the user picks the value that wins. */
export function MergeDialog({ contacts, onClose }: MergeDialogProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [swapped, setSwapped] = useState(false);
  const [keep, other] = swapped ? [contacts[1], contacts[0]] : contacts;
  const attributes = useAttributes();
  const merge = useMergeContacts();
  const [choices, setChoices] = useState<Record<string, MergeChoice>>({});

  const conflicts: { id: string; label: string; keepText: string; mergeText: string }[] = [];
  for (const f of FIELDS) {
    const a = fieldValue(keep, f);
    const b = fieldValue(other, f);
    if (a && b && a !== b) conflicts.push({ id: f, label: t(`contacts.merge.fields.${f}`), keepText: a, mergeText: b });
  }
  for (const def of attributes.data ?? ([] as AttributeDef[])) {
    const a = formatAttribute(def, keep.attributes[def.key], t, lng);
    const b = formatAttribute(def, other.attributes[def.key], t, lng);
    if (a && b && a !== b) conflicts.push({ id: `attr.${def.key}`, label: def.label, keepText: a, mergeText: b });
  }

  function submit() {
    const fields: MergeRequest['fields'] = { attributes: {} };
    for (const c of conflicts) {
      const choice = choices[c.id] ?? 'keep';
      if (c.id.startsWith('attr.')) fields.attributes![c.id.slice(5)] = choice;
      else fields[c.id as Field] = choice;
    }
    merge.mutate({ keep_id: keep.id, merge_id: other.id, fields }, { onSuccess: onClose });
  }

  return (
    <Dialog title={t('contacts.merge.title')} onClose={onClose} testId="merge-dialog" wide>
      <div className="dialog-form">
        <p>
          {t('contacts.merge.intro', { keep: contactName(keep) || keep.id, merge: contactName(other) || other.id })}
        </p>
        <div>
          <button type="button" className="button button-small" onClick={() => setSwapped((s) => !s)}>
            {t('contacts.merge.swap')}
          </button>
        </div>
        {conflicts.length === 0 ? (
          <p className="muted">{t('contacts.merge.noConflicts')}</p>
        ) : (
          <fieldset className="merge-conflicts">
            <legend>{t('contacts.merge.conflicts')}</legend>
            {conflicts.map((c) => (
              <div key={c.id} className="merge-conflict" role="radiogroup" aria-label={c.label}>
                <span className="merge-conflict-label">{c.label}</span>
                {(['keep', 'merge'] as const).map((side) => (
                  <label key={side} className="merge-choice">
                    <input
                      type="radio"
                      name={`merge-${c.id}`}
                      checked={(choices[c.id] ?? 'keep') === side}
                      onChange={() => setChoices((ch) => ({ ...ch, [c.id]: side }))}
                    />
                    {side === 'keep' ? c.keepText : c.mergeText}
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
        )}
        <p className="field-hint">{t('contacts.merge.hint')}</p>
        <ErrorAlert error={merge.error} testId="merge-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={merge.isPending}
            data-testid="merge-submit"
            onClick={submit}
          >
            {merge.isPending ? t('contacts.merge.merging') : t('contacts.merge.submit')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
