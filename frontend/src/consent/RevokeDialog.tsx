import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_NOTE_LENGTH, type ConsentRecord } from '../api/consent';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { FormActions } from '../ui/FormActions';
import { formatNumber } from './format';
import { useRevokeConsent } from './queries';

/** Revokes one number's consent on one channel kind, with the reason kept in the history. */
export function RevokeDialog({ record, onClose }: { record: ConsentRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeConsent();
  const [reason, setReason] = useState('');
  const errors = useFieldErrors(revoke.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    revoke.mutate(
      { number: record.number, channelKind: record.channel_kind, reason: reason.trim() },
      { onSuccess: onClose },
    );
  }

  return (
    <Dialog title={t('consent.revoke.title')} onClose={onClose} testId="consent-revoke-dialog">
      <form className="dialog-form" onSubmit={submit} noValidate>
        <p>
          {t('consent.revoke.intro', {
            number: formatNumber(record.number),
            kind: t(`consent.kinds.${record.channel_kind}`),
          })}
        </p>
        <ErrorAlert error={revoke.error} formFields={['reason']} testId="consent-revoke-error" />
        <Field label={t('consent.revoke.reason')} hint={t('consent.revoke.reasonHint')} error={errors.reason}>
          {(control) => (
            <textarea
              {...control}
              required
              maxLength={MAX_NOTE_LENGTH}
              data-testid="consent-revoke-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <FormActions
          onCancel={onClose}
          submitLabel={t('consent.revoke.submit')}
          pendingLabel={t('consent.revoke.pending')}
          pending={revoke.isPending}
          disabled={reason.trim() === ''}
          submitTestId="consent-revoke-submit"
        />
      </form>
    </Dialog>
  );
}
