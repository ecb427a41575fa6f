import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Download, FileText, LoaderCircle, MapPin, TriangleAlert, X } from 'lucide-react';
import { mediaURL, type Message } from '../api/inbox';

/** Bytes as "12 KB" / "3.4 MB". */
export function formatSize(bytes: number | undefined, lng: string): string {
  if (!bytes) return '';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(lng, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit >= 2 ? 1 : 0,
  }).format(value);
}

export function osmURL(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}

function Text({ text }: { text: string }) {
  if (!text) return null;
  return (
    <p className="msg-text" data-testid="message-body">
      {text}
    </p>
  );
}

/** What a message says or shows, by kind. */
export function MessageContent({ message }: { message: Message }) {
  const { t } = useTranslation();
  switch (message.kind) {
    case 'image':
    case 'sticker':
    case 'video':
    case 'audio':
    case 'document':
      return <MediaContent message={message} />;
    case 'location': {
      const loc = message.location;
      if (!loc) return <Text text={message.body} />;
      return (
        <div className="msg-location" data-testid="message-location">
          <MapPin size={18} aria-hidden="true" />
          <div>
            {loc.name && <p className="msg-location-name">{loc.name}</p>}
            {loc.address && <p className="msg-location-address">{loc.address}</p>}
            <a href={osmURL(loc.latitude, loc.longitude)} target="_blank" rel="noreferrer noopener">
              {t('inbox.message.openMap')}
            </a>
          </div>
        </div>
      );
    }
    case 'unsupported':
      return (
        <p className="msg-text msg-unsupported" data-testid="message-body">
          {t('inbox.message.unsupported')}
        </p>
      );
    default:
      return (
        <Text
          text={
            message.body || (message.kind === 'text' || message.kind === 'note' ? '' : t(`inbox.kinds.${message.kind}`))
          }
        />
      );
  }
}

function MediaContent({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const media = message.media;
  const caption = media?.caption || message.body;
  const [viewing, setViewing] = useState(false);

  if (!media || media.state === 'pending') {
    return (
      <>
        <p className="msg-media-state" data-testid="message-media-pending">
          <LoaderCircle size={16} className="inbox-spin" aria-hidden="true" />
          {t('inbox.message.downloading')}
        </p>
        <Text text={caption} />
      </>
    );
  }
  if (media.state === 'failed') {
    return (
      <>
        <p className="msg-media-state msg-media-failed" data-testid="message-media-failed">
          <TriangleAlert size={16} aria-hidden="true" />
          {media.error ? t('inbox.message.mediaFailedWith', { error: media.error }) : t('inbox.message.mediaFailed')}
        </p>
        <Text text={caption} />
      </>
    );
  }

  const src = mediaURL(message.id);
  let preview;
  switch (message.kind) {
    case 'image':
    case 'sticker':
      preview = (
        <button
          type="button"
          className={message.kind === 'sticker' ? 'msg-image msg-sticker' : 'msg-image'}
          onClick={() => setViewing(true)}
          aria-label={t('inbox.message.openImage')}
          data-testid="message-image"
        >
          <img src={src} alt={caption || media.filename || t('inbox.kinds.image')} loading="lazy" />
        </button>
      );
      break;
    case 'video':
      preview = <video className="msg-video" src={src} controls preload="metadata" data-testid="message-video" />;
      break;
    case 'audio':
      preview = <audio className="msg-audio" src={src} controls preload="metadata" data-testid="message-audio" />;
      break;
    default:
      preview = (
        <a className="msg-document" href={src} download={media.filename || true} data-testid="message-document">
          <FileText size={26} aria-hidden="true" />
          <span className="msg-document-text">
            <span className="msg-document-name">{media.filename || t('inbox.kinds.document')}</span>
            <span className="msg-document-size">{formatSize(media.size, i18n.resolvedLanguage ?? 'en')}</span>
          </span>
          <Download size={18} aria-hidden="true" />
        </a>
      );
  }
  return (
    <>
      <div data-testid="message-media">{preview}</div>
      <Text text={caption} />
      {viewing && <ImageViewer src={src} alt={caption || media.filename || ''} onClose={() => setViewing(false)} />}
    </>
  );
}

/** The image at full size over the page; Escape or a click outside closes it. */
function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      className="image-viewer"
      role="dialog"
      aria-modal="true"
      aria-label={t('inbox.message.image')}
      onClick={onClose}
      data-testid="image-viewer"
    >
      <img src={src} alt={alt} onClick={(e) => e.stopPropagation()} />
      <div className="image-viewer-actions">
        <a className="button" href={src} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
          {t('inbox.message.openOriginal')}
        </a>
        <button type="button" className="button" onClick={onClose} autoFocus>
          <X size={16} aria-hidden="true" />
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
