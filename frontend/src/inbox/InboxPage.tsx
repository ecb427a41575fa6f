import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Bell, BellOff, MessagesSquare, Volume2, VolumeX, WifiOff } from 'lucide-react';
import type { ConversationFilter } from '../api/inbox';
import { useRealtimeStatus } from '../realtime/RealtimeProvider';
import { NewConversationButton } from '../templates/NewConversationButton';
import { notificationPermission, playChime, setAlertSettings, useAlertSettings } from './alerts';
import { ContactPanel } from './ContactPanel';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';
import { useConversation } from './queries';
import './inbox.css';

const FILTER_STORAGE_KEY = 'switchboard.inbox.filter';
const DEFAULT_FILTER: ConversationFilter = { tab: 'all', status: 'open', channelId: null, q: '' };
const PANEL_STORAGE_KEY = 'switchboard.inbox.panel';

/** Whether the window is at least this wide (the CSS uses the same breakpoints). */
function useMinWidth(px: number): boolean {
  const query = `(min-width: ${px}px)`;
  const [matches, setMatches] = useState(() => window.matchMedia?.(query).matches ?? true);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

function storedFilter(): ConversationFilter {
  try {
    const raw = sessionStorage.getItem(FILTER_STORAGE_KEY);
    if (raw) return { ...DEFAULT_FILTER, ...(JSON.parse(raw) as Partial<ConversationFilter>), q: '' };
  } catch {
    // storage disabled or unreadable
  }
  return DEFAULT_FILTER;
}

/**
 * The agent desk: conversation list, the open conversation and the contact
 * panel side by side; on narrow screens one at a time.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const params = useParams();
  const selectedId =
    params.conversationId && /^\d+$/.test(params.conversationId) ? Number(params.conversationId) : null;
  const [filter, setFilter] = useState<ConversationFilter>(storedFilter);
  // Wide screens show the contact panel as a column the agent may close;
  // narrower ones show it over the conversation (or as its own view) on demand.
  const wide = useMinWidth(1200);
  const [panelOpen, setPanelOpen] = useState(() => localStorage.getItem(PANEL_STORAGE_KEY) !== 'closed');
  const [panelView, setPanelView] = useState(false);
  const conversation = useConversation(selectedId);

  useEffect(() => setPanelView(false), [selectedId]);

  const changeFilter = useCallback((next: ConversationFilter) => {
    setFilter(next);
    try {
      sessionStorage.setItem(FILTER_STORAGE_KEY, JSON.stringify({ ...next, q: '' }));
    } catch {
      // storage disabled
    }
  }, []);

  function togglePanel() {
    if (!wide) {
      setPanelView((v) => !v);
      return;
    }
    setPanelOpen((open) => {
      localStorage.setItem(PANEL_STORAGE_KEY, open ? 'closed' : 'open');
      return !open;
    });
  }

  const view = selectedId === null ? 'list' : panelView && !wide ? 'panel' : 'conversation';
  const contactId = conversation.data?.contact_id ?? null;
  const showPanel = selectedId !== null && contactId !== null && (wide ? panelOpen : panelView);

  return (
    <div className={showPanel ? 'inbox with-panel' : 'inbox'} data-testid="inbox" data-view={view}>
      <ConnectionIndicator />
      <section className="inbox-list-pane" aria-label={t('inbox.listLabel')}>
        <div className="inbox-head">
          <h1>{t('inbox.title')}</h1>
          <div className="inbox-head-actions">
            <NewConversationButton compact />
            <AlertToggles />
          </div>
        </div>
        <ConversationList filter={filter} onFilterChange={changeFilter} selectedId={selectedId} />
      </section>
      <section className="inbox-conversation-pane" aria-label={t('inbox.conversationLabel')}>
        {selectedId === null ? (
          <div className="inbox-placeholder" data-testid="inbox-empty">
            <MessagesSquare size={36} aria-hidden="true" />
            <h2>{t('inbox.selectTitle')}</h2>
            <p className="muted">{t('inbox.selectDescription')}</p>
          </div>
        ) : (
          <ConversationPane conversationId={selectedId} panelOpen={showPanel} onTogglePanel={togglePanel} />
        )}
      </section>
      {showPanel && contactId !== null && (
        <aside className="inbox-contact-pane" aria-label={t('inbox.contactPanel.title')}>
          <ContactPanel contactId={contactId} currentConversationId={selectedId} onClose={togglePanel} />
        </aside>
      )}
    </div>
  );
}

/** "Reconnecting…" while the live connection is down. */
function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  if (status !== 'reconnecting') return null;
  return (
    <span className="connection-indicator" role="status" data-testid="realtime-status">
      <WifiOff size={14} aria-hidden="true" />
      {t('inbox.reconnecting')}
    </span>
  );
}

/** Desktop notifications (asks the browser's permission on click, never on load) and the sound. */
function AlertToggles() {
  const { t } = useTranslation();
  const settings = useAlertSettings();
  const [permission, setPermission] = useState(notificationPermission);
  const desktopOn = settings.desktop && permission === 'granted';

  async function toggleDesktop() {
    if (permission === 'unsupported' || permission === 'denied') return;
    if (permission === 'default') {
      const answer = await Notification.requestPermission();
      setPermission(answer);
      setAlertSettings({ desktop: answer === 'granted' });
      return;
    }
    setAlertSettings({ desktop: !settings.desktop });
  }

  const desktopLabel =
    permission === 'unsupported'
      ? t('inbox.notifications.unsupported')
      : permission === 'denied'
        ? t('inbox.notifications.blocked')
        : permission === 'default'
          ? t('inbox.notifications.enable')
          : desktopOn
            ? t('inbox.notifications.turnOff')
            : t('inbox.notifications.turnOn');

  return (
    <>
      <button
        type="button"
        className={desktopOn ? 'icon-button active' : 'icon-button'}
        title={desktopLabel}
        aria-label={desktopLabel}
        aria-pressed={desktopOn}
        disabled={permission === 'unsupported' || permission === 'denied'}
        data-testid="notifications-toggle"
        data-permission={permission}
        onClick={() => void toggleDesktop()}
      >
        {desktopOn ? <Bell size={17} aria-hidden="true" /> : <BellOff size={17} aria-hidden="true" />}
      </button>
      <button
        type="button"
        className={settings.sound ? 'icon-button active' : 'icon-button'}
        title={settings.sound ? t('inbox.sound.turnOff') : t('inbox.sound.turnOn')}
        aria-label={settings.sound ? t('inbox.sound.turnOff') : t('inbox.sound.turnOn')}
        aria-pressed={settings.sound}
        data-testid="sound-toggle"
        onClick={() => {
          setAlertSettings({ sound: !settings.sound });
          if (!settings.sound) playChime();
        }}
      >
        {settings.sound ? <Volume2 size={17} aria-hidden="true" /> : <VolumeX size={17} aria-hidden="true" />}
      </button>
    </>
  );
}
