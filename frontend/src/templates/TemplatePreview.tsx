import { useTranslation } from 'react-i18next';
import { FileText, Image, Video } from 'lucide-react';
import type { PreviewPart, TemplatePreview as Preview } from './values';

function Parts({ parts }: { parts: PreviewPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.variable === undefined ? (
          <span key={i}>{p.text}</span>
        ) : (
          <span key={i} className={p.filled ? 'template-value' : 'template-value template-value-missing'}>
            {p.text}
          </span>
        ),
      )}
    </>
  );
}

const MEDIA_ICONS = { image: Image, video: Video, document: FileText } as const;

/** The template message as the contact will see it, updated as values are typed. */
export function TemplatePreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const MediaIcon = preview.media ? (MEDIA_ICONS[preview.media.type as keyof typeof MEDIA_ICONS] ?? FileText) : null;
  return (
    <figure className="template-preview" aria-label={t('templates.preview.label')}>
      <figcaption className="template-preview-caption">{t('templates.preview.label')}</figcaption>
      <div className="template-bubble" data-testid="template-preview">
        {preview.media && MediaIcon && (
          <div className="template-bubble-media">
            <MediaIcon size={22} aria-hidden="true" />
            <span>{preview.media.link || t(`templates.preview.media.${preview.media.type as 'image'}`)}</span>
          </div>
        )}
        {preview.header && (
          <p className="template-bubble-header">
            <Parts parts={preview.header} />
          </p>
        )}
        <p className="template-bubble-body">
          <Parts parts={preview.body} />
        </p>
        {preview.footer && <p className="template-bubble-footer">{preview.footer}</p>}
        {preview.buttons.length > 0 && (
          <div className="template-bubble-buttons">
            {preview.buttons.map((b, i) => (
              <span key={i} className="template-bubble-button">
                {b}
              </span>
            ))}
          </div>
        )}
      </div>
    </figure>
  );
}
