import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUP_KINDS, type Group, type GroupInput, type GroupKind } from '../api/groups';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { FormActions } from '../ui/FormActions';
import { useSaveGroup } from './queries';

const FORM_FIELDS = ['name', 'kind', 'keyword', 'description'];

interface GroupDialogProps {
  /** The group to edit; a new one when null. */
  group: Group | null;
  onClose: () => void;
  onSaved?: (group: Group) => void;
}

/** Create or edit a group: name, kind, keyword and description. */
export function GroupDialog({ group, onClose, onSaved }: GroupDialogProps) {
  const { t } = useTranslation();
  const save = useSaveGroup();
  const errors = useFieldErrors(save.error);
  const [draft, setDraft] = useState({
    name: group?.name ?? '',
    kind: group?.kind ?? ('whatsapp' as GroupKind),
    keyword: group?.keyword ?? '',
    description: group?.description ?? '',
  });
  const set = (change: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...change }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const input: GroupInput = {
      name: draft.name.trim(),
      kind: draft.kind,
      keyword: draft.keyword.trim().toUpperCase() || null,
      description: draft.description.trim(),
    };
    save.mutate(
      { id: group?.id ?? null, input },
      {
        onSuccess: (saved) => {
          onSaved?.(saved);
          onClose();
        },
      },
    );
  }

  return (
    <Dialog title={group ? t('groups.edit') : t('groups.create')} onClose={onClose} testId="group-dialog">
      <form className="dialog-form" onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} formFields={FORM_FIELDS} testId="group-form-error" />
        <Field label={t('groups.fields.name')} error={errors.name}>
          {(control) => (
            <input
              {...control}
              required
              autoComplete="off"
              data-testid="group-name"
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('groups.fields.kind')} error={errors.kind}>
          {(control) => (
            <select
              {...control}
              data-testid="group-kind-select"
              value={draft.kind}
              onChange={(e) => set({ kind: e.target.value as GroupKind })}
            >
              {GROUP_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`groups.kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('groups.fields.keyword')} hint={t('groups.fields.keywordHint')} error={errors.keyword} optional>
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              data-testid="group-keyword"
              value={draft.keyword}
              onChange={(e) => set({ keyword: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('groups.fields.description')} error={errors.description} optional>
          {(control) => (
            <textarea
              {...control}
              data-testid="group-description"
              value={draft.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </Field>
        <FormActions
          onCancel={onClose}
          submitLabel={group ? t('groups.save') : t('groups.createSubmit')}
          pendingLabel={t('groups.saving')}
          pending={save.isPending}
          disabled={draft.name.trim() === ''}
          submitTestId="group-submit"
        />
      </form>
    </Dialog>
  );
}
