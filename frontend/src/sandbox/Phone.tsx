import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { BatteryFull, ChevronLeft, ImagePlus, MapPin, SendHorizontal, Signal, Wifi } from 'lucide-react';
import type { SandboxInfo } from '../api/sandbox';
import { ApiError } from '../api/client';
import { useErrorMessage } from '../ui/errors';
import { CustomerBar } from './CustomerBar';
import {
  DEFAULT_CUSTOMER_NAME,
  DEFAULT_CUSTOMER_NUMBER,
  loadRecentCustomers,
  saveRecentCustomers,
  withRecentCustomer,
  type PhoneCustomer,
} from './customers';
import { LocationForm, type LocationInput } from './LocationForm';
import type { PendingMessage } from './PhoneBubble';
import { PhoneThread } from './PhoneThread';
import { useReportRead, useRefreshThreads, useSandboxThread, useSendFromPhone, type PhoneOutgoing } from './queries';
import { randomCustomerNumber } from './samples';
import { normalizeNumber, phoneThread, unreadKey } from './thread';
import { useDebounced } from './useDebounced';
import { useDocumentVisible } from './useDocumentVisible';
import { useThreadEvents } from './useThreadEvents';

/** Fields of POST /api/sandbox/messages and where the phone shows their errors. */
const CUSTOMER_FIELDS = ['from', 'name'];
const LOCATION_FIELDS = ['latitude', 'longitude'];

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return parts.length > 0
    ? parts
        .slice(0, 2)
        .map((p) => p[0]!.toUpperCase())
        .join('')
    : '#';
}

function useClock(): string {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { hour: 'numeric', minute: '2-digit' }).format(now);
}

/** The customer's messenger on the sandbox channel. */
export function Phone({ info }: { info: SandboxInfo }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const id = useId();
  const clock = useClock();
  const visible = useDocumentVisible();

  const [recent, setRecent] = useState<PhoneCustomer[]>(loadRecentCustomers);
  const [numberInput, setNumberInput] = useState(() => recent[0]?.number ?? DEFAULT_CUSTOMER_NUMBER);
  const [name, setName] = useState(() => recent[0]?.name ?? DEFAULT_CUSTOMER_NAME);
  const [senderId, setSenderId] = useState(info.senders[0]?.id);
  const [text, setText] = useState('');
  const [locationOpen, setLocationOpen] = useState(false);
  const [numberProblem, setNumberProblem] = useState(false);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const textArea = useRef<HTMLTextAreaElement>(null);

  const typedNumber = normalizeNumber(numberInput);
  const number = useDebounced(typedNumber, 350);
  const thread = useSandboxThread(number);
  const send = useSendFromPhone();
  const read = useReportRead();
  const refresh = useRefreshThreads();
  useThreadEvents(info.channel_id, refresh);

  const shown = useMemo(() => phoneThread(thread.data ?? []), [thread.data]);
  const arrived = useMemo(() => new Set(shown.map((m) => m.provider_message_id)), [shown]);
  const waiting = pending.filter((p) => p.number === number && !arrived.has(p.providerMessageId));

  // Forget pending bubbles once the thread has them.
  useEffect(() => {
    setPending((list) => {
      const rest = list.filter((p) => !arrived.has(p.providerMessageId));
      return rest.length === list.length ? list : rest;
    });
  }, [arrived]);

  // The phone reads what it shows, while the page is in front: each unread set once.
  const unread = unreadKey(shown);
  const reported = useRef('');
  const readNow = read.mutate;
  useEffect(() => {
    if (!visible || number === null || unread === '') return;
    const key = `${number}|${unread}`;
    if (reported.current === key) return;
    reported.current = key;
    readNow(number, {
      onError: () => {
        reported.current = '';
      },
    });
  }, [visible, number, unread, readNow]);

  const sender = info.senders.find((s) => s.id === senderId) ?? info.senders[0];
  const businessName = sender?.name && sender.name !== info.name ? `${info.name} · ${sender.name}` : info.name;

  const error = send.error;
  const fields = error instanceof ApiError ? error.fields : {};
  const locationErrors = { latitude: fields.latitude, longitude: fields.longitude };
  const fieldKeys = Object.keys(fields);
  const composerFieldErrors = fieldKeys
    .filter((k) => !CUSTOMER_FIELDS.includes(k) && !(locationOpen && LOCATION_FIELDS.includes(k)))
    .map((k) => fields[k]);
  const generalError = error && fieldKeys.length === 0 ? errorMessage(error) : null;
  const numberError = numberProblem ? t('sandbox.customer.numberInvalid') : fields.from;

  function switchCustomer(customer: PhoneCustomer) {
    setNumberInput(customer.number);
    setName(customer.name);
    setNumberProblem(false);
    send.reset();
  }

  function remember(customer: PhoneCustomer) {
    setRecent((list) => {
      const next = withRecentCustomer(list, customer);
      saveRecentCustomers(next);
      return next;
    });
  }

  function dispatch(
    message: PhoneOutgoing,
    shownWhilePending: Omit<PendingMessage, 'providerMessageId' | 'number'>,
    done?: () => void,
  ) {
    send.mutate(message, {
      onSuccess: (sent) => {
        remember({ number: message.from, name: message.name });
        setPending((list) => [
          ...list,
          { ...shownWhilePending, providerMessageId: sent.provider_message_id, number: message.from },
        ]);
        done?.();
      },
    });
  }

  /** The identity to send as, or null (and a hint at the number) when the number is not valid. */
  function from(): { from: string; name: string; sender_id?: number } | null {
    if (typedNumber === null) {
      setNumberProblem(true);
      return null;
    }
    setNumberProblem(false);
    return { from: typedNumber, name: name.trim(), ...(senderId !== undefined ? { sender_id: senderId } : {}) };
  }

  function sendText(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (body === '') {
      textArea.current?.focus();
      return;
    }
    const who = from();
    if (!who) return;
    dispatch({ ...who, type: 'text', text: body }, { kind: 'text', text: body }, () => setText(''));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) sendText(event);
  }

  function sendImage(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    const who = from();
    if (!file || !who) return;
    const caption = text.trim();
    dispatch({ ...who, type: 'image', file, caption }, { kind: 'image', text: caption, fileName: file.name }, () =>
      setText(''),
    );
  }

  function sendLocation(location: LocationInput) {
    const who = from();
    if (!who) return;
    dispatch(
      { ...who, type: 'location', latitude: location.latitude, longitude: location.longitude, place: location.place },
      { kind: 'location', text: '', location },
      () => setLocationOpen(false),
    );
  }

  return (
    <div className="phone" data-testid="phone">
      <div className="phone-screen">
        <div className="phone-statusbar" aria-hidden="true">
          <span>{clock}</span>
          <span className="phone-statusbar-icons">
            <Signal size={13} />
            <Wifi size={13} />
            <BatteryFull size={15} />
          </span>
        </div>

        <header className="phone-header">
          <ChevronLeft size={22} aria-hidden="true" className="phone-header-back" />
          <span className="phone-avatar" aria-hidden="true">
            {initials(info.name)}
          </span>
          <div className="phone-header-text">
            <span className="phone-header-name" data-testid="phone-business-name">
              {businessName}
            </span>
            {info.senders.length > 1 ? (
              <select
                className="phone-header-select"
                aria-label={t('sandbox.businessNumber')}
                data-testid="phone-sender"
                value={senderId}
                onChange={(e) => setSenderId(Number(e.target.value))}
              >
                {info.senders.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.phone_number}
                    {s.name ? ` · ${s.name}` : ''}
                  </option>
                ))}
              </select>
            ) : (
              <span className="phone-header-number" data-testid="phone-business-number">
                <span className="visually-hidden">{t('sandbox.businessNumber')}: </span>
                {sender?.phone_number}
              </span>
            )}
          </div>
        </header>

        <CustomerBar
          number={numberInput}
          name={name}
          recent={recent}
          errors={{ number: numberError, name: fields.name }}
          onNumber={(value) => {
            setNumberInput(value);
            setNumberProblem(false);
            send.reset();
          }}
          onName={setName}
          onPick={switchCustomer}
          onNewCustomer={() => switchCustomer({ number: randomCustomerNumber(), name: '' })}
        />

        <PhoneThread
          key={number ?? ''}
          messages={shown}
          pending={waiting}
          businessName={info.name}
          loading={thread.isPending && number !== null}
          noNumber={number === null}
        />

        {thread.isError && (
          <p className="phone-error" role="alert">
            {errorMessage(thread.error)}
          </p>
        )}
        {(generalError || composerFieldErrors.length > 0) && (
          <p className="phone-error" role="alert" data-testid="phone-send-error">
            {generalError ?? composerFieldErrors.join(' ')}
          </p>
        )}

        {locationOpen && (
          <LocationForm
            sending={send.isPending}
            errors={locationErrors}
            onSend={sendLocation}
            onCancel={() => setLocationOpen(false)}
          />
        )}

        <form className="phone-composer" onSubmit={sendText}>
          <label className="phone-icon-button phone-attach" title={t('sandbox.composer.image')}>
            <ImagePlus size={20} aria-hidden="true" />
            <span className="visually-hidden">{t('sandbox.composer.image')}</span>
            <input
              type="file"
              className="visually-hidden"
              accept="image/jpeg,image/png"
              data-testid="phone-image"
              disabled={send.isPending}
              onChange={sendImage}
            />
          </label>
          <button
            type="button"
            className="phone-icon-button"
            aria-label={t('sandbox.composer.location')}
            title={t('sandbox.composer.location')}
            aria-expanded={locationOpen}
            data-testid="phone-location"
            onClick={() => setLocationOpen((o) => !o)}
          >
            <MapPin size={20} />
          </button>
          <label htmlFor={`${id}-text`} className="visually-hidden">
            {t('sandbox.composer.label')}
          </label>
          <textarea
            id={`${id}-text`}
            ref={textArea}
            className="phone-input"
            data-testid="phone-text"
            rows={1}
            placeholder={t('sandbox.composer.placeholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <button
            type="submit"
            className="phone-send"
            aria-label={t('sandbox.composer.send')}
            title={t('sandbox.composer.send')}
            data-testid="phone-send"
            disabled={send.isPending}
          >
            <SendHorizontal size={20} />
          </button>
        </form>
      </div>
    </div>
  );
}
