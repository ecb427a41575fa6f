import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Lock, MessageSquareReply, Paperclip, SendHorizontal, X } from 'lucide-react';
import { ApiError } from '../api/client';
import type { Message } from '../api/inbox';
import type { ID } from '../api/types';
import { useCannedPicker } from '../canned/useCannedPicker';
import { useRealtimeSend } from '../realtime/RealtimeProvider';
import { InsertSMSTemplateButton, SendTemplateButton } from '../templates/ComposerTemplateButtons';
import { useErrorMessage } from '../ui/errors';
import { messageSummary } from './format';
import { formatSize } from './MessageContent';
import { useSendMessage } from './queries';
import { countSegments } from '../sms/segments';

/** At most one "typing" signal per this many milliseconds. */
export const TYPING_THROTTLE_MS = 3_000;

type Mode = 'reply' | 'note';

interface ComposerProps {
  conversationId: ID;
  /** Free text may go to the contact (the 24-hour window is open, or SMS). */
  windowOpen: boolean;
  replyTo: Message | null;
  onCancelReply: () => void;
  contactName: string;
  /** SMS conversations show a live character and segment count. */
  channelKind?: string;
}

/** Writes replies and private notes; Enter sends, Shift+Enter starts a new line. */
export function Composer({ conversationId, windowOpen, replyTo, onCancelReply, contactName, channelKind }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const send = useSendMessage(conversationId);
  const sendRealtime = useRealtimeSend();
  const [mode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const lastTyping = useRef(0);
  const hintId = useId();
  // "/" opens the canned responses; a chosen one's file becomes the attachment.
  const canned = useCannedPicker({ conversationId, textarea, onText: onChange, onAttachment: setFile });

  // A new conversation starts with an empty composer.
  useEffect(() => {
    setText('');
    setFile(null);
    setError(null);
    setMode('reply');
  }, [conversationId]);

  useEffect(() => {
    if (replyTo) textarea.current?.focus();
  }, [replyTo]);

  const blocked = mode === 'reply' && !windowOpen;
  const canSend = !blocked && !send.isPending && (text.trim() !== '' || (mode === 'reply' && file !== null));

  function onChange(value: string) {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current >= TYPING_THROTTLE_MS) {
      if (sendRealtime({ type: 'typing', conversation_id: conversationId })) lastTyping.current = now;
    }
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    const body = text;
    const attachment = mode === 'reply' ? file : null;
    setError(null);
    setText('');
    setFile(null);
    lastTyping.current = 0;
    send.mutate(
      { kind: mode === 'note' ? 'note' : 'text', body, replyToId: replyTo?.id, file: attachment ?? undefined },
      {
        onSuccess: () => onCancelReply(),
        onError: (err) => {
          setError(err);
          // Give the text back unless something new was typed meanwhile.
          setText((current) => (current === '' ? body : current));
          setFile((current) => current ?? attachment);
        },
      },
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (canned.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  function describeError(err: unknown): string {
    if (err instanceof ApiError && i18n.exists(`inbox.errors.${err.code}`)) {
      return t(`inbox.errors.${err.code}` as 'inbox.errors.window_closed');
    }
    if (err instanceof ApiError && Object.keys(err.fields).length > 0) return Object.values(err.fields).join(' ');
    return errorMessage(err);
  }

  return (
    <form className={mode === 'note' ? 'composer composer-note' : 'composer'} onSubmit={submit} data-testid="composer">
      <div className="composer-modes" role="group" aria-label={t('inbox.composer.mode')}>
        <button
          type="button"
          className={mode === 'reply' ? 'composer-mode active' : 'composer-mode'}
          aria-pressed={mode === 'reply'}
          data-testid="composer-mode-reply"
          onClick={() => setMode('reply')}
        >
          <MessageSquareReply size={15} aria-hidden="true" />
          {t('inbox.composer.reply')}
        </button>
        <button
          type="button"
          className={mode === 'note' ? 'composer-mode active' : 'composer-mode'}
          aria-pressed={mode === 'note'}
          data-testid="composer-mode-note"
          onClick={() => setMode('note')}
        >
          <Lock size={14} aria-hidden="true" />
          {t('inbox.composer.note')}
        </button>
      </div>

      {blocked && (
        <div className="composer-blocked-row">
          <p className="composer-blocked" data-testid="composer-window-closed" id={hintId}>
            {t('inbox.composer.windowClosed')}
          </p>
          <SendTemplateButton conversationId={conversationId} primary />
        </div>
      )}

      {replyTo && (
        <div className="composer-reply-to" data-testid="composer-reply-to">
          <div className="composer-reply-to-text">
            <span className="composer-reply-to-label">
              {t('inbox.composer.replyingTo', {
                name: replyTo.direction === 'in' ? contactName : (replyTo.author_name ?? t('inbox.message.you')),
              })}
            </span>
            <span className="composer-reply-to-quote">{messageSummary(replyTo, t)}</span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('inbox.composer.cancelReply')}
            data-testid="composer-reply-cancel"
            onClick={onCancelReply}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </div>
      )}

      {file && mode === 'reply' && (
        <div className="composer-file" data-testid="composer-file">
          <Paperclip size={15} aria-hidden="true" />
          <span className="composer-file-name">{file.name}</span>
          <span className="muted">{formatSize(file.size, i18n.resolvedLanguage ?? 'en')}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('inbox.composer.removeFile')}
            data-testid="composer-file-remove"
            onClick={() => setFile(null)}
          >
            <X size={15} aria-hidden="true" />
          </button>
        </div>
      )}

      <div className="composer-box">
        <label className="visually-hidden" htmlFor={`${hintId}-input`}>
          {mode === 'note' ? t('inbox.composer.notePlaceholder') : t('inbox.composer.placeholder')}
        </label>
        <textarea
          id={`${hintId}-input`}
          ref={textarea}
          rows={3}
          data-testid="composer-input"
          value={text}
          disabled={blocked}
          aria-describedby={blocked ? hintId : undefined}
          placeholder={
            mode === 'note'
              ? t('inbox.composer.notePlaceholder')
              : file
                ? t('inbox.composer.captionPlaceholder')
                : t('inbox.composer.placeholder')
          }
          {...canned.inputProps}
          onChange={(e) => {
            onChange(e.target.value);
            canned.onInput(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
        />
        {canned.popup}
        <div className="composer-actions">
          <input
            ref={fileInput}
            type="file"
            hidden
            data-testid="composer-file-input"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              e.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button"
            title={t('inbox.composer.attach')}
            aria-label={t('inbox.composer.attach')}
            data-testid="composer-attach"
            disabled={blocked || mode === 'note'}
            onClick={() => fileInput.current?.click()}
          >
            <Paperclip size={18} aria-hidden="true" />
          </button>
          {mode === 'reply' && !blocked && <SendTemplateButton conversationId={conversationId} />}
          {mode === 'reply' && (
            <InsertSMSTemplateButton
              conversationId={conversationId}
              onInsert={(insert) => {
                setText((current) => (current.trim() ? `${current.trimEnd()}\n${insert}` : insert));
                textarea.current?.focus();
              }}
            />
          )}
          {channelKind === 'sms_twilio' && mode === 'reply' ? (
            <SegmentCount text={text} />
          ) : (
            <span className="composer-hint muted">{t('inbox.composer.enterHint')}</span>
          )}
          <button type="submit" className="button button-primary" data-testid="composer-send" disabled={!canSend}>
            <SendHorizontal size={16} aria-hidden="true" />
            {mode === 'note' ? t('inbox.composer.addNote') : t('inbox.composer.send')}
          </button>
        </div>
      </div>
      {canned.notice}
      {error != null && (
        <div className="composer-error" role="alert" data-testid="composer-error">
          {describeError(error)}
        </div>
      )}
    </form>
  );
}

/** Live SMS length: characters, segments and encoding (GSM-7 or UCS-2). */
export function SegmentCount({ text }: { text: string }) {
  const { t } = useTranslation();
  const c = countSegments(text);
  const tooLong = [...text].length > SMS_MAX_CHARS;
  return (
    <span className={tooLong ? 'composer-hint composer-hint-error' : 'composer-hint muted'} data-testid="sms-segments">
      {t('inbox.composer.smsCount', {
        chars: [...text].length,
        segments: c.segments,
        encoding: c.encoding,
        remaining: c.remaining,
      })}
      {tooLong && ' · ' + t('inbox.composer.smsTooLong', { max: SMS_MAX_CHARS })}
    </span>
  );
}

/** The longest SMS body the provider takes. */
const SMS_MAX_CHARS = 1600;
