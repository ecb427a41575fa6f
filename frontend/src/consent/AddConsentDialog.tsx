import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_CHANNEL_KINDS, MAX_NOTE_LENGTH, type ConsentChannelKind, type ConsentInput } from '../api/consent';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { FormActions } from '../ui/FormActions';
import { useSetConsent } from './queries';

const FORM_FIELDS = ['number', 'channel_kind', 'state', 'note'];

/** Records a consent (or a revocation) by hand; the note says why and is kept in the history. */
export function AddConsentDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSetConsent();
  const errors = useFieldErrors(save.error);
  const [draft, setDraft] = useState<ConsentInput>({
    number: '',
    channel_kind: 'whatsapp',
    state: 'granted',
    note: '',
  });
  const set = (change: Partial<ConsentInput>) => setDraft((d) => ({ ...d, ...change }));

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ ...draft, number: draft.number.trim(), note: draft.note.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog title={t('consent.add.title')} onClose={onClose} testId="consent-add-dialog">
      <form className="dialog-form" onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} formFields={FORM_FIELDS} testId="consent-add-error" />
        <Field label={t('consent.add.number')} hint={t('consent.add.numberHint')} error={errors.number}>
          {(control) => (
            <input
              {...control}
              type="tel"
              autoComplete="off"
              required
              data-testid="consent-add-number"
              value={draft.number}
              onChange={(e) => set({ number: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('consent.columns.kind')} error={errors.channel_kind}>
          {(control) => (
            <select
              {...control}
              data-testid="consent-add-kind"
              value={draft.channel_kind}
              onChange={(e) => set({ channel_kind: e.target.value as ConsentChannelKind })}
            >
              {CONSENT_CHANNEL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`consent.kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('consent.columns.state')} error={errors.state}>
          {(control) => (
            <select
              {...control}
              data-testid="consent-add-state"
              value={draft.state}
              onChange={(e) => set({ state: e.target.value as ConsentInput['state'] })}
            >
              <option value="granted">{t('consent.states.granted')}</option>
              <option value="revoked">{t('consent.states.revoked')}</option>
            </select>
          )}
        </Field>
        <Field label={t('consent.add.note')} hint={t('consent.add.noteHint')} error={errors.note}>
          {(control) => (
            <textarea
              {...control}
              required
              maxLength={MAX_NOTE_LENGTH}
              data-testid="consent-add-note"
              value={draft.note}
              onChange={(e) => set({ note: e.target.value })}
            />
          )}
        </Field>
        <FormActions
          onCancel={onClose}
          submitLabel={t('consent.add.submit')}
          pendingLabel={t('consent.add.pending')}
          pending={save.isPending}
          disabled={draft.number.trim() === '' || draft.note.trim() === ''}
          submitTestId="consent-add-submit"
        />
      </form>
    </Dialog>
  );
}
