import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SegmentCount } from '../inbox/Composer';
import { countSegments } from '../sms/segments';
import { useSMSTemplates } from '../templates/queries';
import { Field } from '../ui/Field';
import { SMS_MAX_CHARS, type CampaignDraft } from './draft';
import { MediaUpload } from './MediaUpload';
import { PlaceholderPicker, insertAt } from './PlaceholderPicker';

interface SMSContentProps {
  draft: CampaignDraft;
  set: (change: Partial<CampaignDraft>) => void;
  errors: Record<string, string>;
  columns: string[];
}

/** The first character that makes the message UCS-2 (70 per part instead of 160), if any. */
export function ucs2Culprit(text: string): string | null {
  if (countSegments(text).encoding !== 'UCS-2') return null;
  for (const ch of text) if (countSegments(ch).encoding === 'UCS-2') return ch;
  return null;
}

/** SMS text (or MMS with a file), placeholders, templates to start from and the live segment count. */
export function SMSContent({ draft, set, errors, columns }: SMSContentProps) {
  const { t } = useTranslation();
  const templates = useSMSTemplates();
  const area = useRef<HTMLTextAreaElement>(null);
  const culprit = ucs2Culprit(draft.body);

  return (
    <div className="form-stack">
      <div className="campaign-choices" role="radiogroup" aria-label={t('campaigns.content.smsKind')}>
        <label>
          <input
            type="radio"
            name="sms-kind"
            data-testid="campaign-sms-text"
            checked={!draft.mms}
            onChange={() => set({ mms: false })}
          />
          {t('campaigns.content.sms')}
        </label>
        <label>
          <input
            type="radio"
            name="sms-kind"
            data-testid="campaign-sms-mms"
            checked={draft.mms}
            onChange={() => set({ mms: true })}
          />
          {t('campaigns.content.mms')}
        </label>
      </div>
      {(templates.data?.length ?? 0) > 0 && (
        <Field label={t('campaigns.content.smsTemplate')} hint={t('campaigns.content.smsTemplateHint')} optional>
          {(control) => (
            <select
              {...control}
              data-testid="campaign-sms-template"
              value=""
              onChange={(e) => {
                const chosen = templates.data?.find((s) => s.id === Number(e.target.value));
                if (chosen) set({ body: chosen.body });
              }}
            >
              <option value="">{t('campaigns.content.smsTemplateChoose')}</option>
              {templates.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('campaigns.content.text')} error={errors['content.body']}>
        {(control) => (
          <textarea
            {...control}
            ref={area}
            name="body"
            rows={6}
            maxLength={SMS_MAX_CHARS * 2}
            data-testid="campaign-body"
            value={draft.body}
            onChange={(e) => set({ body: e.target.value })}
          />
        )}
      </Field>
      <div className="campaign-body-tools">
        <PlaceholderPicker
          columns={columns}
          onInsert={(token) => set({ body: insertAt(area.current, draft.body, token) })}
        />
        <SegmentCount text={draft.body} />
      </div>
      {culprit && (
        <p className="field-hint" data-testid="campaign-ucs2">
          {t('campaigns.content.ucs2Because', { char: culprit })}
        </p>
      )}
      {draft.mms && (
        <MediaUpload
          label={t('campaigns.content.mmsFile')}
          accept="image/*,video/*,audio/*,application/pdf"
          value={draft.media}
          onChange={(media) => set({ media })}
          error={errors['content.media_id']}
          testId="campaign-mms-file"
        />
      )}
    </div>
  );
}
