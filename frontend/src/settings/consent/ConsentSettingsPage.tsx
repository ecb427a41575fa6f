import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPLY_KEYS,
  REPLY_LANGUAGES,
  type ConsentSettings,
  type ReplyKey,
  type ReplyLanguage,
} from '../../api/consent';
import { useCan } from '../../auth/session';
import { useConsentSettings, useSaveConsentSettings } from '../../consent/queries';
import { Alert } from '../../ui/Alert';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { SectionHeader } from '../../ui/SectionHeader';
import { Spinner } from '../../ui/Spinner';
import { WordListEditor } from './WordListEditor';
import '../../consent/consent.css';

/** Settings → Consent: what counts as opt-in, the keywords and the texts keyword messages are answered with. */
export function ConsentSettingsPage() {
  const settings = useConsentSettings();
  if (settings.isPending) return <Spinner />;
  if (settings.isError) return <ErrorAlert error={settings.error} testId="consent-settings-error" />;
  return <ConsentSettingsForm saved={settings.data} />;
}

function ConsentSettingsForm({ saved }: { saved: ConsentSettings }) {
  const { t } = useTranslation();
  const canWrite = useCan('settings:write');
  const save = useSaveConsentSettings();
  const errors = useFieldErrors(save.error);
  const [draft, setDraft] = useState<ConsentSettings>(saved);
  const [done, setDone] = useState(false);
  const set = (change: Partial<ConsentSettings>) => {
    setDone(false);
    setDraft((d) => ({ ...d, ...change }));
  };
  const setReply = (lng: ReplyLanguage, key: ReplyKey, text: string) =>
    set({ replies: { ...draft.replies, [lng]: { ...draft.replies[lng], [key]: text } } });

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(draft, { onSuccess: () => setDone(true) });
  }

  return (
    <form className="stack consent-settings" onSubmit={submit} noValidate data-testid="consent-settings">
      <SectionHeader title={t('consentSettings.title')} description={t('consentSettings.description')} />
      <ErrorAlert error={save.error} testId="consent-settings-save-error" />
      {done && (
        <Alert tone="success" testId="consent-settings-saved">
          {t('consentSettings.saved')}
        </Alert>
      )}
      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          disabled={!canWrite}
          data-testid="consent-inbound-opt-in"
          checked={draft.inbound_is_opt_in}
          onChange={(e) => set({ inbound_is_opt_in: e.target.checked })}
        />
        <span>
          <strong>{t('consentSettings.inboundIsOptIn')}</strong>
          <span className="field-hint">{t('consentSettings.inboundIsOptInHint')}</span>
        </span>
      </label>
      <Field label={t('consentSettings.language')} hint={t('consentSettings.languageHint')} error={errors.language}>
        {(control) => (
          <select
            {...control}
            disabled={!canWrite}
            data-testid="consent-language"
            value={draft.language}
            onChange={(e) => set({ language: e.target.value as ReplyLanguage })}
          >
            {REPLY_LANGUAGES.map((lng) => (
              <option key={lng} value={lng}>
                {t(`languages.${lng}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <WordListEditor
        label={t('consentSettings.stopWords')}
        hint={t('consentSettings.stopWordsHint')}
        words={draft.stop_words}
        onChange={(stop_words) => set({ stop_words })}
        testId="stop-words"
        disabled={!canWrite}
      />
      {errors.stop_words && <p className="field-error">{errors.stop_words}</p>}
      <WordListEditor
        label={t('consentSettings.startWords')}
        hint={t('consentSettings.startWordsHint')}
        words={draft.start_words}
        onChange={(start_words) => set({ start_words })}
        testId="start-words"
        disabled={!canWrite}
      />
      {errors.start_words && <p className="field-error">{errors.start_words}</p>}
      <SectionHeader level="h3" title={t('consentSettings.replies')} description={t('consentSettings.repliesHint')} />
      <dl className="details" data-testid="consent-placeholders">
        <div className="details-row">
          <dt>
            <code>{'{{group}}'}</code>
          </dt>
          <dd>{t('consentSettings.placeholderGroup')}</dd>
        </div>
        <div className="details-row">
          <dt>
            <code>{'{{keyword}}'}</code>
          </dt>
          <dd>{t('consentSettings.placeholderKeyword')}</dd>
        </div>
      </dl>
      {REPLY_LANGUAGES.map((lng) => (
        <fieldset key={lng} className="form-grid" data-testid={`consent-replies-${lng}`}>
          <legend>{t(`languages.${lng}`)}</legend>
          {REPLY_KEYS.map((key) => (
            <Field key={key} label={t(`consentSettings.replyKeys.${key}`)} error={errors[`replies.${lng}.${key}`]}>
              {(control) => (
                <textarea
                  {...control}
                  disabled={!canWrite}
                  data-testid={`reply-${lng}-${key}`}
                  value={draft.replies[lng]?.[key] ?? ''}
                  onChange={(e) => setReply(lng, key, e.target.value)}
                />
              )}
            </Field>
          ))}
        </fieldset>
      ))}
      {canWrite && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => set(saved)}>
            {t('consentSettings.reset')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending}
            data-testid="consent-settings-save"
          >
            {save.isPending ? t('consentSettings.saving') : t('consentSettings.save')}
          </button>
        </div>
      )}
    </form>
  );
}
