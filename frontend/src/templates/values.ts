// What the template forms keep and send: one value per variable (keyed by
// the variable's field, e.g. "body.1", "header"), turned into the API's
// parameters and into a live preview.

import type { TemplateComponent, TemplateParameters, TemplateVariable, WhatsAppTemplate } from '../api/templates';

/** The form's values by variable field. */
export type TemplateValues = Record<string, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function component(template: WhatsAppTemplate, type: string): TemplateComponent | undefined {
  return template.components.find((c) => c.type.toUpperCase() === type);
}

/** Media headers take a link: image, document or video. */
export function isMedia(variable: TemplateVariable): boolean {
  return variable.type === 'image' || variable.type === 'document' || variable.type === 'video';
}

export function emptyValues(template: WhatsAppTemplate): TemplateValues {
  return Object.fromEntries(template.variables.map((v) => [v.field, '']));
}

/** The values as the API takes them; empty values are left out so the server names them. */
export function toParameters(template: WhatsAppTemplate, values: TemplateValues): TemplateParameters {
  const params: TemplateParameters = {};
  const header = template.variables.find((v) => v.component === 'header');
  const headerValue = values.header?.trim() ?? '';
  if (header && headerValue !== '') {
    params.header = isMedia(header)
      ? { type: header.type as 'image' | 'document' | 'video', link: headerValue }
      : { type: 'text', text: values.header };
  }
  const body = template.variables.filter((v) => v.component === 'body');
  if (body.length > 0) {
    if (template.parameter_format === 'NAMED') {
      params.body = Object.fromEntries(body.map((v) => [v.name ?? '', values[v.field] ?? '']));
    } else {
      const count = Math.max(...body.map((v) => Number(v.name) || 0));
      const list = Array.from({ length: count }, () => '');
      for (const v of body) {
        const n = Number(v.name);
        if (n >= 1) list[n - 1] = values[v.field] ?? '';
      }
      params.body = list;
    }
  }
  const buttons: string[] = [];
  for (const v of template.variables) {
    if (v.component !== 'button' || v.button_index === undefined) continue;
    const value = values[v.field] ?? '';
    if (value === '') continue;
    while (buttons.length < v.button_index) buttons.push('');
    buttons[v.button_index] = value;
  }
  if (buttons.length > 0) params.buttons = buttons;
  return params;
}

/** A run of preview text: literal text, or a variable with its value (empty while unfilled). */
export interface PreviewPart {
  text: string;
  variable?: string;
  filled?: boolean;
}

function fillText(text: string, value: (name: string) => string): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    const v = value(m[1]);
    parts.push({ text: v !== '' ? v : m[0], variable: m[1], filled: v !== '' });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export interface TemplatePreview {
  /** The header's media kind and link, for media headers. */
  media?: { type: string; link: string };
  header?: PreviewPart[];
  body: PreviewPart[];
  footer?: string;
  buttons: string[];
}

/** The message as the contact will see it, with the values filled in. */
export function preview(template: WhatsAppTemplate, values: TemplateValues): TemplatePreview {
  const out: TemplatePreview = { body: [], buttons: [] };
  const header = component(template, 'HEADER');
  const mediaVar = template.variables.find((v) => v.component === 'header' && isMedia(v));
  if (mediaVar) out.media = { type: mediaVar.type, link: values.header ?? '' };
  else if (header?.text) out.header = fillText(header.text, () => values.header ?? '');
  const body = component(template, 'BODY');
  if (body?.text) out.body = fillText(body.text, (name) => values[`body.${name}`] ?? '');
  const footer = component(template, 'FOOTER');
  if (footer?.text) out.footer = footer.text;
  out.buttons = (component(template, 'BUTTONS')?.buttons ?? []).map((b) => b.text);
  return out;
}

/** The preview as plain text (header, body and footer). */
export function previewText(p: TemplatePreview): string {
  const join = (parts: PreviewPart[]) => parts.map((x) => x.text).join('');
  return [p.header ? join(p.header) : '', join(p.body), p.footer ?? ''].filter((s) => s !== '').join('\n\n');
}

/** The body text of a template, for lists. */
export function bodyText(template: WhatsAppTemplate): string {
  return component(template, 'BODY')?.text ?? '';
}
