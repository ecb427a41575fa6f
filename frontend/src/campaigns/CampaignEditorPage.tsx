import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ArrowLeft, CalendarClock, Save, SendHorizontal } from 'lucide-react';
import type { Campaign } from '../api/campaigns';
import type { Channel, ID } from '../api/types';
import { useAccountSettings } from '../contacts/queries';
import { useChannels } from '../settings/channels/queries';
import { useSendableTemplates } from '../templates/queries';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { emptyDraft, fromCampaign, isSMSChannel, previewInput, toInput, validate, type CampaignDraft } from './draft';
import { isEditable } from './labels';
import { PreviewCounts } from './PreviewCounts';
import { useCampaign, useSaveCampaign } from './queries';
import { RecipientsFields } from './RecipientsFields';
import { SendFields } from './SendFields';
import { SMSContent } from './SMSContent';
import { WhatsAppContent } from './WhatsAppContent';
import './campaigns.css';

/** /campaigns/new and /campaigns/:campaignId/edit (drafts and scheduled campaigns). */
export function CampaignEditorPage() {
  const { campaignId } = useParams();
  const id = campaignId ? Number(campaignId) : null;
  return id === null ? <CampaignEditor campaign={null} /> : <EditExisting id={id} />;
}

function EditExisting({ id }: { id: ID }) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  if (campaign.isPending) return <Spinner />;
  if (campaign.isError) return <ErrorAlert error={campaign.error} />;
  if (!isEditable(campaign.data)) {
    return (
      <Alert tone="info" testId="campaign-not-editable">
        {t('campaigns.editor.notEditable', { status: t(`campaigns.status.${campaign.data.status}`) })}{' '}
        <Link to={`/campaigns/${id}`}>{t('campaigns.editor.toDetail')}</Link>
      </Alert>
    );
  }
  return <CampaignEditor campaign={campaign.data} />;
}

const FORM_FIELDS = [
  'name',
  'channel_id',
  'sender_id',
  'recipients',
  'recipients.numbers',
  'content.body',
  'content.media_id',
  'content.template_id',
  'content.location',
  'send_at',
  'time_zone',
  'route',
];

/** Server field names (content.parameters.body.1, recipients.numbers, …) as the form names them. */
function formFieldOf(field: string): string {
  if (field.startsWith('content.parameters.')) return field.slice('content.parameters.'.length);
  if (field === 'recipients.group_ids' || field === 'recipients.contacts' || field === 'recipients.csv_upload_id') {
    return 'recipients';
  }
  if (field === 'route.queue_id' || field === 'route.user_id') return 'route';
  if (field === 'content.sms_template_id') return 'content.body';
  return field;
}

function CampaignEditor({ campaign }: { campaign: Campaign | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const channels = useChannels();
  const settings = useAccountSettings();
  const hasDefaultCountry = !!settings.data?.default_country;
  const [draft, setDraft] = useState<CampaignDraft>(() => (campaign ? fromCampaign(campaign) : emptyDraft()));
  const [submitted, setSubmitted] = useState(false);
  const set = (change: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...change }));
  const save = useSaveCampaign();

  const usable = (channels.data ?? []).filter((c) => c.enabled && c.senders.length > 0);
  const channel: Channel | undefined = usable.find((c) => c.id === draft.channelId) ?? usable[0];
  const sms = isSMSChannel(channel);
  const sender = channel?.senders.find((s) => s.id === draft.senderId) ?? channel?.senders[0];
  const templates = useSendableTemplates(channel && !sms ? channel.id : undefined);
  const templateList = templates.data?.items ?? [];
  const template = templateList.find((tpl) => tpl.id === draft.templateId) ?? null;
  const columns = draft.file?.columns ?? [];

  // A new campaign takes the first channel's kind for the number type.
  useEffect(() => {
    if (!campaign && channel && draft.channelId === null) {
      set({ channelId: channel.id, numberType: isSMSChannel(channel) ? 'sms' : 'whatsapp' });
    }
  }, [campaign, channel, draft.channelId]);

  const input = useMemo(
    () => (channel ? toInput(draft, channel, template, hasDefaultCountry) : null),
    [draft, channel, template, hasDefaultCountry],
  );
  const countInput = useMemo(
    () => previewInput(draft, channel, templateList, hasDefaultCountry),
    [draft, channel, templateList, hasDefaultCountry],
  );
  const clientErrors = validate(draft, channel, template, hasDefaultCountry);
  const serverErrors = useFieldErrors(save.error);
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(serverErrors)) errors[formFieldOf(field)] = message;
  if (submitted) for (const [field, key] of Object.entries(clientErrors)) errors[field] ??= t(key as 'campaigns.title');
  // The numbers are checked as they are typed, before any submit.
  if (clientErrors['recipients.numbers']) errors['recipients.numbers'] ??= t('campaigns.errors.numbersInvalid');

  function chooseChannel(next: Channel) {
    set({
      channelId: next.id,
      senderId: null,
      templateId: null,
      templateValues: {},
      media: null,
      numberType: isSMSChannel(next) ? 'sms' : 'whatsapp',
    });
    save.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!input || Object.keys(clientErrors).length > 0) return;
    save.mutate({ id: campaign?.id ?? null, input }, { onSuccess: (saved) => navigate(`/campaigns/${saved.id}`) });
  }

  const submitLabel =
    draft.when === 'draft'
      ? t('campaigns.editor.saveDraft')
      : draft.when === 'scheduled'
        ? t('campaigns.editor.schedule')
        : t('campaigns.editor.sendNow');
  const SubmitIcon = draft.when === 'draft' ? Save : draft.when === 'scheduled' ? CalendarClock : SendHorizontal;
  // Server fields shown next to their input; the alert then only points at them.
  const shownFields = new Set([...FORM_FIELDS, ...(template?.variables.map((v) => v.field) ?? [])]);
  const formFields = Object.keys(serverErrors).filter((f) => shownFields.has(formFieldOf(f)));

  if (channels.isPending) return <Spinner />;
  if (channels.isError) return <ErrorAlert error={channels.error} />;

  return (
    <div className="campaign-editor">
      <Link to={campaign ? `/campaigns/${campaign.id}` : '/campaigns'} className="group-back">
        <ArrowLeft size={15} aria-hidden="true" />
        {campaign ? campaign.name : t('campaigns.title')}
      </Link>
      <PageHeader
        title={campaign ? t('campaigns.editor.editTitle') : t('campaigns.editor.newTitle')}
        description={t('campaigns.editor.description')}
      />
      {usable.length === 0 ? (
        <p className="muted" data-testid="campaign-no-channels">
          {t('campaigns.editor.noChannels')}
        </p>
      ) : (
        <form className="campaign-form" noValidate onSubmit={submit} data-testid="campaign-form">
          <div className="campaign-form-main">
            <ErrorAlert error={save.error} formFields={formFields} testId="campaign-save-error" />
            {submitted && Object.keys(clientErrors).length > 0 && (
              <Alert testId="campaign-form-invalid">{t('campaigns.errors.fixFields')}</Alert>
            )}

            <fieldset className="campaign-section">
              <legend>{t('campaigns.editor.basics')}</legend>
              <div className="form-grid">
                <Field label={t('campaigns.fields.name')} error={errors.name}>
                  {(control) => (
                    <input
                      {...control}
                      name="name"
                      autoComplete="off"
                      data-testid="campaign-name"
                      value={draft.name}
                      onChange={(e) => set({ name: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('campaigns.fields.channel')} error={errors.channel_id}>
                  {(control) => (
                    <select
                      {...control}
                      name="channel_id"
                      data-testid="campaign-channel"
                      value={channel?.id ?? ''}
                      onChange={(e) => {
                        const next = usable.find((c) => c.id === Number(e.target.value));
                        if (next) chooseChannel(next);
                      }}
                    >
                      {usable.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name} ({t(isSMSChannel(c) ? 'campaigns.channels.sms' : 'campaigns.channels.whatsapp')})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('campaigns.fields.senderNumber')} error={errors.sender_id}>
                  {(control) => (
                    <select
                      {...control}
                      name="sender_id"
                      data-testid="campaign-sender"
                      value={sender?.id ?? ''}
                      onChange={(e) => set({ senderId: Number(e.target.value) })}
                    >
                      {channel?.senders.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name ? `${s.name} (${s.phone_number})` : s.phone_number}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
            </fieldset>

            <RecipientsFields draft={draft} set={set} errors={errors} hasDefaultCountry={hasDefaultCountry} />

            <fieldset className="campaign-section" data-testid="campaign-content">
              <legend>{t('campaigns.content.title')}</legend>
              {sms ? (
                <SMSContent draft={draft} set={set} errors={errors} columns={columns} />
              ) : templates.isPending ? (
                <Spinner />
              ) : templates.isError ? (
                <ErrorAlert error={templates.error} />
              ) : templateList.length === 0 ? (
                <p className="muted" data-testid="campaign-no-templates">
                  {t('templates.send.empty')}
                </p>
              ) : (
                <WhatsAppContent
                  draft={draft}
                  set={set}
                  errors={errors}
                  columns={columns}
                  templates={templateList}
                  template={template}
                />
              )}
            </fieldset>

            <SendFields draft={draft} set={set} errors={errors} />

            <div className="form-actions">
              <button type="button" className="button" onClick={() => navigate(-1)}>
                {t('common.cancel')}
              </button>
              <button
                type="submit"
                className="button button-primary"
                disabled={save.isPending}
                data-testid="campaign-submit"
              >
                <SubmitIcon size={16} aria-hidden="true" />
                {save.isPending ? t('campaigns.editor.saving') : submitLabel}
              </button>
            </div>
          </div>
          <aside className="campaign-form-side">
            <PreviewCounts input={countInput} />
          </aside>
        </form>
      )}
    </div>
  );
}
