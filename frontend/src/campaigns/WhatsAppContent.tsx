import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MapPin } from 'lucide-react';
import type { WhatsAppTemplate } from '../api/templates';
import { TemplateFields } from '../templates/TemplateFields';
import { TemplatePreview } from '../templates/TemplatePreview';
import { isMedia, preview } from '../templates/values';
import { Field } from '../ui/Field';
import { hasLocationHeader, type CampaignDraft, type LocationValue } from './draft';
import { parseMapsURL } from './mapsUrl';
import { MediaUpload } from './MediaUpload';
import { PlaceholderPicker } from './PlaceholderPicker';

interface WhatsAppContentProps {
  draft: CampaignDraft;
  set: (change: Partial<CampaignDraft>) => void;
  errors: Record<string, string>;
  columns: string[];
  templates: WhatsAppTemplate[];
  template: WhatsAppTemplate | null;
}

/**
 * An approved template, its values (fixed text, or {{…}} of a contact field
 * or file column inserted into the field last focused), header media or a
 * location, and the live preview beside it.
 */
export function WhatsAppContent({ draft, set, errors, columns, templates, template }: WhatsAppContentProps) {
  const { t } = useTranslation();
  const lastField = useRef<string | null>(null);
  const values = draft.templateValues;
  const shown = useMemo(() => {
    if (!template) return null;
    const p = preview(template, values);
    if (hasLocationHeader(template)) {
      const l = draft.location;
      p.media = { type: 'location', link: l.name || (l.latitude ? `${l.latitude}, ${l.longitude}` : '📍') };
    }
    const media = template.variables.find((v) => v.component === 'header' && isMedia(v));
    if (media && draft.media && !values.header) p.media = { type: media.type, link: draft.media.name || '📎' };
    return p;
  }, [template, values, draft.location, draft.media]);
  const textFields = template?.variables.filter((v) => !isMedia(v)) ?? [];
  const mediaVar = template?.variables.find((v) => v.component === 'header' && isMedia(v));

  function change(field: string, value: string) {
    set({ templateValues: { ...values, [field]: value } });
  }

  function setLocation(change: Partial<LocationValue>) {
    set({ location: { ...draft.location, ...change } });
  }

  function pasteMaps(url: string) {
    const place = parseMapsURL(url);
    setLocation(
      place
        ? {
            mapsUrl: url,
            latitude: String(place.latitude),
            longitude: String(place.longitude),
            name: place.name || draft.location.name,
          }
        : { mapsUrl: url },
    );
  }

  const mapsInvalid = draft.location.mapsUrl.trim() !== '' && parseMapsURL(draft.location.mapsUrl) === null;

  return (
    <div className="template-chooser">
      <div className="template-chooser-form">
        <Field label={t('templates.send.template')} error={errors['content.template_id']}>
          {(control) => (
            <select
              {...control}
              name="template_id"
              data-testid="template-select"
              value={template?.id ?? ''}
              onChange={(e) => {
                const id = e.target.value ? Number(e.target.value) : null;
                const next = templates.find((tpl) => tpl.id === id);
                set({
                  templateId: id,
                  templateValues: next ? Object.fromEntries(next.variables.map((v) => [v.field, ''])) : {},
                  media: null,
                });
              }}
            >
              <option value="">{t('templates.send.choose')}</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {t('templates.send.option', { name: tpl.name, language: tpl.language })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {template && (
          <>
            {textFields.length > 0 && (
              <div className="campaign-body-tools">
                <p className="field-hint">{t('campaigns.content.variablesHint')}</p>
                <PlaceholderPicker
                  columns={columns}
                  testId="template-placeholder-picker"
                  onInsert={(token) => {
                    const field = lastField.current ?? textFields[0]?.field;
                    if (field) change(field, (values[field] ?? '') + token);
                  }}
                />
              </div>
            )}
            <div
              onFocus={(e) => {
                const name = (e.target as HTMLInputElement).name;
                if (name && textFields.some((v) => v.field === name)) lastField.current = name;
              }}
            >
              <TemplateFields template={template} values={values} onChange={change} errors={errors} />
            </div>
            {mediaVar && (
              <MediaUpload
                label={t('campaigns.content.headerUpload')}
                accept={mediaVar.type === 'image' ? 'image/*' : mediaVar.type === 'video' ? 'video/*' : undefined}
                value={draft.media}
                onChange={(media) => set({ media })}
                testId="campaign-header-file"
              />
            )}
            {hasLocationHeader(template) && (
              <fieldset className="campaign-subsection" data-testid="campaign-location">
                <legend>
                  <MapPin size={15} aria-hidden="true" /> {t('campaigns.location.title')}
                </legend>
                {errors['content.location'] && <p className="field-error">{errors['content.location']}</p>}
                <Field
                  label={t('campaigns.location.mapsUrl')}
                  hint={t('campaigns.location.mapsUrlHint')}
                  error={mapsInvalid ? t('campaigns.location.mapsUrlInvalid') : undefined}
                  optional
                >
                  {(control) => (
                    <input
                      {...control}
                      type="url"
                      placeholder="https://www.google.com/maps/place/…"
                      data-testid="campaign-maps-url"
                      value={draft.location.mapsUrl}
                      onChange={(e) => pasteMaps(e.target.value)}
                    />
                  )}
                </Field>
                <div className="form-grid">
                  <Field label={t('campaigns.location.name')}>
                    {(control) => (
                      <input
                        {...control}
                        data-testid="campaign-location-name"
                        value={draft.location.name}
                        onChange={(e) => setLocation({ name: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t('campaigns.location.address')}>
                    {(control) => (
                      <input
                        {...control}
                        data-testid="campaign-location-address"
                        value={draft.location.address}
                        onChange={(e) => setLocation({ address: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t('campaigns.location.latitude')}>
                    {(control) => (
                      <input
                        {...control}
                        inputMode="decimal"
                        data-testid="campaign-location-latitude"
                        value={draft.location.latitude}
                        onChange={(e) => setLocation({ latitude: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t('campaigns.location.longitude')}>
                    {(control) => (
                      <input
                        {...control}
                        inputMode="decimal"
                        data-testid="campaign-location-longitude"
                        value={draft.location.longitude}
                        onChange={(e) => setLocation({ longitude: e.target.value })}
                      />
                    )}
                  </Field>
                </div>
              </fieldset>
            )}
          </>
        )}
      </div>
      {shown && <TemplatePreview preview={shown} />}
    </div>
  );
}
