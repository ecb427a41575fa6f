// What the campaign form keeps, how it becomes the API's body, and the
// checks made before it is sent (the server checks again and names fields).

import type {
  Campaign,
  CampaignInput,
  CampaignParameters,
  NumberType,
  RecipientFile,
  SendMode,
} from '../api/campaigns';
import type { ContactFilter } from '../api/contacts';
import type { WhatsAppTemplate } from '../api/templates';
import type { Channel, ID } from '../api/types';
import { component, isMedia, toParameters, type TemplateValues } from '../templates/values';
import { parseNumbers } from './numbers';
import { browserTimeZone, isoToZoned, zonedToISO } from './schedule';

export const SMS_MAX_CHARS = 1600;

export type PhoneBookChoice = 'none' | 'all' | 'filtered';
export type SendWhen = 'now' | 'scheduled' | 'draft';

export interface LocationValue {
  mapsUrl: string;
  latitude: string;
  longitude: string;
  name: string;
  address: string;
}

export const NO_LOCATION: LocationValue = { mapsUrl: '', latitude: '', longitude: '', name: '', address: '' };

/** An uploaded file the campaign refers to by id. */
export interface UploadedMedia {
  id: string;
  name: string;
}

export interface CampaignDraft {
  name: string;
  channelId: ID | null;
  senderId: ID | null;
  numbersText: string;
  file: (RecipientFile & { name: string }) | null;
  groupIds: ID[];
  phoneBook: PhoneBookChoice;
  contactFilter: ContactFilter;
  numberType: NumberType;
  /** SMS: a text, or an MMS (text and a file). */
  mms: boolean;
  body: string;
  media: UploadedMedia | null;
  templateId: ID | null;
  templateValues: TemplateValues;
  location: LocationValue;
  when: SendWhen;
  date: string;
  time: string;
  timeZone: string;
  mode: SendMode;
  routeKind: 'queue' | 'user';
  routeId: ID | null;
  trackLinks: boolean;
}

export function emptyDraft(): CampaignDraft {
  return {
    name: '',
    channelId: null,
    senderId: null,
    numbersText: '',
    file: null,
    groupIds: [],
    phoneBook: 'none',
    contactFilter: {},
    numberType: 'whatsapp',
    mms: false,
    body: '',
    media: null,
    templateId: null,
    templateValues: {},
    location: NO_LOCATION,
    when: 'now',
    date: '',
    time: '',
    timeZone: browserTimeZone(),
    mode: 'session',
    routeKind: 'queue',
    routeId: null,
    trackLinks: false,
  };
}

export const isSMSChannel = (channel: Channel | undefined) => channel?.kind === 'sms_twilio';

/** The template's header is a location (filled from a Google Maps link). */
export function hasLocationHeader(template: WhatsAppTemplate | null | undefined): boolean {
  return !!template && component(template, 'HEADER')?.format?.toUpperCase() === 'LOCATION';
}

function mediaHeader(template: WhatsAppTemplate) {
  return template.variables.find((v) => v.component === 'header' && isMedia(v));
}

/** The recipients part of the body: what the preview counts. */
export function recipientsOf(draft: CampaignDraft, hasDefaultCountry: boolean): CampaignInput['recipients'] {
  const numbers = parseNumbers(draft.numbersText, hasDefaultCountry)
    .filter((n) => n.valid)
    .map((n) => n.cleaned);
  return {
    numbers,
    group_ids: draft.groupIds,
    ...(draft.phoneBook === 'all' ? { contacts: {} } : {}),
    ...(draft.phoneBook === 'filtered' ? { contacts: cleanFilter(draft.contactFilter) } : {}),
    number_type: draft.numberType,
    ...(draft.file ? { csv_upload_id: draft.file.id } : {}),
  };
}

function cleanFilter(filter: ContactFilter): ContactFilter {
  return Object.fromEntries(
    Object.entries({ ...filter, q: filter.q?.trim() }).filter(([, v]) => v !== undefined && v !== ''),
  ) as ContactFilter;
}

export function hasRecipients(draft: CampaignDraft): boolean {
  return (
    draft.numbersText.trim() !== '' || draft.file !== null || draft.groupIds.length > 0 || draft.phoneBook !== 'none'
  );
}

/** The API's body for the draft, with the channel and template it names. */
export function toInput(
  draft: CampaignDraft,
  channel: Channel | undefined,
  template: WhatsAppTemplate | null,
  hasDefaultCountry: boolean,
): CampaignInput {
  const sms = isSMSChannel(channel);
  const content: CampaignInput['content'] = {};
  if (sms) {
    content.body = draft.body;
    if (draft.mms && draft.media) content.media_id = draft.media.id;
  } else if (template) {
    content.template_id = template.id;
    content.parameters = toParameters(template, draft.templateValues);
    // An uploaded header file goes as the media id; a typed link stays in the parameters.
    if (draft.media && mediaHeader(template) && !content.parameters.header) content.media_id = draft.media.id;
    if (hasLocationHeader(template)) {
      const l = draft.location;
      content.location = {
        latitude: Number(l.latitude),
        longitude: Number(l.longitude),
        name: l.name.trim(),
        address: l.address.trim(),
      };
    }
  }
  const sendAt = draft.when === 'scheduled' ? zonedToISO(draft.date, draft.time, draft.timeZone) : null;
  return {
    name: draft.name.trim(),
    channel_id: channel?.id ?? 0,
    sender_id: draft.senderId ?? channel?.senders[0]?.id ?? 0,
    recipients: recipientsOf(draft, hasDefaultCountry),
    content,
    send_at: sendAt,
    time_zone: draft.timeZone,
    draft: draft.when === 'draft',
    mode: draft.mode,
    route:
      draft.mode === 'session' && draft.routeId !== null
        ? draft.routeKind === 'queue'
          ? { queue_id: draft.routeId }
          : { user_id: draft.routeId }
        : {},
    track_links: draft.trackLinks,
  };
}

/** Translation keys of what is missing or wrong, by field; empty when it can be sent. */
export function validate(
  draft: CampaignDraft,
  channel: Channel | undefined,
  template: WhatsAppTemplate | null,
  hasDefaultCountry: boolean,
  now: Date = new Date(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.name.trim() === '') errors.name = 'campaigns.errors.nameRequired';
  if (!channel) errors.channel_id = 'campaigns.errors.channelRequired';
  if (!hasRecipients(draft)) errors.recipients = 'campaigns.errors.recipientsRequired';
  if (parseNumbers(draft.numbersText, hasDefaultCountry).some((n) => !n.valid)) {
    errors['recipients.numbers'] = 'campaigns.errors.numbersInvalid';
  }
  if (channel && isSMSChannel(channel)) {
    if (draft.body.trim() === '') errors['content.body'] = 'campaigns.errors.bodyRequired';
    else if ([...draft.body].length > SMS_MAX_CHARS) errors['content.body'] = 'campaigns.errors.bodyTooLong';
    if (draft.mms && !draft.media) errors['content.media_id'] = 'campaigns.errors.mediaRequired';
  } else if (channel) {
    if (!template) errors['content.template_id'] = 'campaigns.errors.templateRequired';
    else {
      for (const v of template.variables) {
        const filled = (draft.templateValues[v.field] ?? '').trim() !== '';
        const uploaded = isMedia(v) && draft.media !== null;
        if (v.required && !filled && !uploaded) errors[v.field] = 'campaigns.errors.variableRequired';
      }
      if (hasLocationHeader(template)) {
        const lat = Number(draft.location.latitude);
        const lng = Number(draft.location.longitude);
        if (
          draft.location.latitude === '' ||
          !(Math.abs(lat) <= 90) ||
          draft.location.longitude === '' ||
          !(Math.abs(lng) <= 180)
        ) {
          errors['content.location'] = 'campaigns.errors.locationRequired';
        } else if (draft.location.name.trim() === '' || draft.location.address.trim() === '') {
          errors['content.location'] = 'campaigns.errors.locationNameAddress';
        }
      }
    }
  }
  if (draft.when === 'scheduled') {
    const at = zonedToISO(draft.date, draft.time, draft.timeZone);
    if (!at) errors.send_at = 'campaigns.errors.sendAtRequired';
    else if (new Date(at).getTime() <= now.getTime()) errors.send_at = 'campaigns.errors.sendAtPast';
  }
  return errors;
}

/** The form of a saved draft or scheduled campaign, to edit it. */
export function fromCampaign(c: Campaign): CampaignDraft {
  const draft = emptyDraft();
  const r = c.recipients ?? {};
  const zoned = c.send_at ? isoToZoned(c.send_at, c.time_zone || draft.timeZone) : null;
  const route = c.route ?? {};
  const params = c.content?.parameters;
  const location = c.content?.location;
  return {
    ...draft,
    name: c.name,
    channelId: c.channel_id,
    senderId: c.sender_id,
    numbersText: (r.numbers ?? []).join('\n'),
    groupIds: r.group_ids ?? [],
    phoneBook: r.contacts === undefined ? 'none' : Object.keys(r.contacts).length === 0 ? 'all' : 'filtered',
    contactFilter: r.contacts ?? {},
    numberType: r.number_type ?? draft.numberType,
    file: r.csv_upload_id ? { id: r.csv_upload_id, rows: 0, columns: [], errors: [], name: '' } : null,
    body: c.content?.body ?? '',
    mms: !!c.content?.media_id && !c.content?.template_id,
    media: c.content?.media_id ? { id: c.content.media_id, name: '' } : null,
    templateId: c.content?.template_id ?? null,
    templateValues: templateValuesOf(params),
    location: location
      ? {
          mapsUrl: '',
          latitude: String(location.latitude),
          longitude: String(location.longitude),
          name: location.name,
          address: location.address,
        }
      : NO_LOCATION,
    when: c.status === 'draft' ? 'draft' : zoned ? 'scheduled' : 'now',
    date: zoned?.date ?? '',
    time: zoned?.time ?? '',
    timeZone: c.time_zone || draft.timeZone,
    mode: c.mode,
    routeKind: 'user_id' in route ? 'user' : 'queue',
    routeId: 'queue_id' in route ? route.queue_id : 'user_id' in route ? route.user_id : null,
    trackLinks: c.track_links,
  };
}

/** The form values of saved template parameters (body by position or name, header text, buttons). */
function templateValuesOf(params: CampaignParameters | undefined): TemplateValues {
  const values: TemplateValues = {};
  if (!params) return values;
  if (Array.isArray(params.body)) params.body.forEach((v, i) => (values[`body.${i + 1}`] = v));
  else if (params.body) for (const [k, v] of Object.entries(params.body)) values[`body.${k}`] = v;
  const header = params.header;
  if (header?.type === 'text') values.header = header.text;
  else if (header && 'link' in header) values.header = header.link;
  params.buttons?.forEach((v, i) => (values[`buttons.${i}`] = v));
  return values;
}

/**
 * The body the preview is asked with. The server checks the whole campaign
 * before it counts, so what does not change who receives it (name, content
 * not yet filled in, send mode, time) is filled in with stand-ins; the count
 * then follows the recipients from the first choice on.
 */
export function previewInput(
  draft: CampaignDraft,
  channel: Channel | undefined,
  templates: WhatsAppTemplate[],
  hasDefaultCountry: boolean,
): CampaignInput | null {
  if (!channel || !hasRecipients(draft)) return null;
  const sms = isSMSChannel(channel);
  const template = sms ? null : (templates.find((t) => t.id === draft.templateId) ?? templates[0] ?? null);
  const values: TemplateValues = {};
  for (const v of template?.variables ?? []) {
    const typed = draft.templateValues[v.field] ?? '';
    values[v.field] = typed.trim() !== '' ? typed : isMedia(v) ? 'https://example.com/preview.jpg' : '-';
  }
  const stand: CampaignDraft = {
    ...draft,
    name: '-',
    body: draft.body.trim() || '-',
    mms: false,
    media: null,
    templateId: template?.id ?? null,
    templateValues: values,
    location: { mapsUrl: '', latitude: '0', longitude: '0', name: '-', address: '-' },
    when: 'draft',
    mode: 'direct',
    routeId: null,
  };
  return toInput(stand, channel, template, hasDefaultCountry);
}
