import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Clock3, FileText, ImageOff, MapPin } from 'lucide-react';
import { sandboxApi, type SandboxMessage } from '../api/sandbox';
import { mapURL, phoneDirection, type PhoneDirection } from './thread';

interface BubbleFrameProps {
  direction: PhoneDirection;
  kind: string;
  time: string;
  testId: string;
  pending?: boolean;
  children: ReactNode;
}

/** A speech bubble: the customer's own on the right, the business's on the left. */
function BubbleFrame({ direction, kind, time, testId, pending, children }: BubbleFrameProps) {
  const { t } = useTranslation();
  return (
    <li className={`phone-row phone-row-${direction}`} data-testid={testId} data-direction={direction} data-kind={kind}>
      <div className={`phone-bubble phone-bubble-${direction} phone-bubble-${kind}`}>
        {children}
        <span className="phone-meta">
          {pending ? (
            <>
              <Clock3 size={12} aria-hidden="true" />
              <span className="visually-hidden">{t('sandbox.sending')}</span>
            </>
          ) : (
            <time>{time}</time>
          )}
        </span>
      </div>
    </li>
  );
}

function Caption({ text }: { text: string }) {
  return text ? <p className="phone-text">{text}</p> : null;
}

function LocationCard({ latitude, longitude, name, address }: NonNullable<SandboxMessage['location']>) {
  const { t } = useTranslation();
  return (
    <a className="phone-location-card" href={mapURL(latitude, longitude)} target="_blank" rel="noreferrer">
      <span className="phone-location-map" aria-hidden="true">
        <MapPin size={26} />
      </span>
      <span className="phone-location-text">
        <span className="phone-location-name">{name || t('sandbox.message.location')}</span>
        {address && <span className="phone-location-address">{address}</span>}
        <span className="phone-location-coords">
          {latitude.toFixed(5)}, {longitude.toFixed(5)}
        </span>
      </span>
    </a>
  );
}

function MediaBody({ message, onLoad }: { message: SandboxMessage; onLoad?: () => void }) {
  const { t } = useTranslation();
  const media = message.media;
  const caption = media?.caption || message.body;
  if (!media || media.state === 'failed') {
    return (
      <>
        <p className="phone-media-missing">
          <ImageOff size={16} aria-hidden="true" />
          {t('sandbox.message.mediaFailed')}
        </p>
        <Caption text={caption} />
      </>
    );
  }
  if (media.state !== 'ready') {
    return (
      <>
        <p className="phone-media-missing">
          <span className="spinner" aria-hidden="true" />
          {t('sandbox.message.mediaLoading')}
        </p>
        <Caption text={caption} />
      </>
    );
  }
  const src = sandboxApi.mediaURL(message.id);
  switch (message.kind) {
    case 'image':
    case 'sticker':
      return (
        <>
          <a href={src} target="_blank" rel="noreferrer" className="phone-image-link">
            <img className="phone-image" src={src} alt={caption || t('sandbox.message.image')} onLoad={onLoad} />
          </a>
          <Caption text={caption} />
        </>
      );
    case 'video':
      return (
        <>
          <video className="phone-image" src={src} controls preload="metadata" />
          <Caption text={caption} />
        </>
      );
    case 'audio':
      return <audio className="phone-audio" src={src} controls preload="metadata" />;
    default:
      return (
        <>
          <a className="phone-document" href={src} download={media.filename || true}>
            <FileText size={22} aria-hidden="true" />
            <span>{media.filename || t('sandbox.message.document')}</span>
          </a>
          <Caption text={caption} />
        </>
      );
  }
}

function MessageBody({ message, onMediaLoad }: { message: SandboxMessage; onMediaLoad?: () => void }) {
  const { t } = useTranslation();
  if (message.kind === 'location' && message.location) return <LocationCard {...message.location} />;
  if (message.media || ['image', 'video', 'audio', 'document', 'sticker'].includes(message.kind)) {
    return <MediaBody message={message} onLoad={onMediaLoad} />;
  }
  if (message.kind === 'unsupported')
    return <p className="phone-text phone-text-muted">{t('sandbox.message.unsupported')}</p>;
  return <p className="phone-text">{message.body}</p>;
}

/** One message of the thread as the phone shows it. */
export function PhoneBubble({
  message,
  time,
  onMediaLoad,
}: {
  message: SandboxMessage;
  time: string;
  onMediaLoad?: () => void;
}) {
  return (
    <BubbleFrame direction={phoneDirection(message)} kind={message.kind} time={time} testId="phone-message">
      <MessageBody message={message} onMediaLoad={onMediaLoad} />
    </BubbleFrame>
  );
}

/** What the customer just sent, until the thread has it. */
export interface PendingMessage {
  providerMessageId: string;
  number: string;
  kind: 'text' | 'image' | 'location';
  text: string;
  location?: { latitude: number; longitude: number; place: string };
  fileName?: string;
}

export function PendingBubble({ message }: { message: PendingMessage }) {
  const { t } = useTranslation();
  return (
    <BubbleFrame direction="out" kind={message.kind} time="" testId="phone-message-pending" pending>
      {message.kind === 'location' && message.location ? (
        <LocationCard
          latitude={message.location.latitude}
          longitude={message.location.longitude}
          name={message.location.place}
        />
      ) : message.kind === 'image' ? (
        <>
          <p className="phone-media-missing">
            <span className="spinner" aria-hidden="true" />
            {message.fileName || t('sandbox.message.image')}
          </p>
          <Caption text={message.text} />
        </>
      ) : (
        <p className="phone-text">{message.text}</p>
      )}
    </BubbleFrame>
  );
}
