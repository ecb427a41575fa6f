import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  AlarmClock,
  ArrowLeft,
  CheckCircle2,
  ChevronDown,
  Hourglass,
  PanelRight,
  RotateCcw,
  UserCheck,
} from 'lucide-react';
import type { ConversationChange, ConversationDetail } from '../api/inbox';
import { useSession } from '../auth/session';
import { useViewingUsers } from '../realtime/RealtimeProvider';
import { ConversationLabels } from '../labels/ConversationLabels';
import { ClaimAction } from '../supervisor/ClaimAction';
import { TransferAction } from '../supervisor/TransferAction';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Avatar, ChannelIcon, StatusBadge, Viewers } from './bits';
import { contactLabel } from './format';
import { useAgents, useUpdateConversation } from './queries';
import { snoozeUntil, toLocalInput, type SnoozeChoice } from './snooze';
import { useDateTimeFormat } from '../i18n/format';

interface ConversationHeaderProps {
  conversation: ConversationDetail;
  panelOpen: boolean;
  onTogglePanel: () => void;
}

/** Who the conversation is with, who else is looking, and what can be done with it. */
export function ConversationHeader({ conversation, panelOpen, onTogglePanel }: ConversationHeaderProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const update = useUpdateConversation(conversation.id);
  const viewers = useViewingUsers(conversation.id);
  const name = contactLabel(conversation.contact);
  const change = (c: ConversationChange) => update.mutate(c);
  const busy = update.isPending;

  return (
    <header className="conv-header" data-testid="conversation-header">
      <div className="conv-header-top">
        <Link
          to="/inbox"
          className="icon-button conv-back"
          aria-label={t('inbox.backToList')}
          data-testid="back-to-list"
        >
          <ArrowLeft size={18} aria-hidden="true" />
        </Link>
        <Avatar name={name} />
        <div className="conv-header-title">
          <h2 data-testid="conversation-title">{name}</h2>
          <p className="conv-header-sub">
            <ChannelIcon kind={conversation.channel_kind} size={13} />
            <span>{conversation.channel_name}</span>
            <span aria-hidden="true">·</span>
            <span>{conversation.contact.whatsapp_number ?? conversation.contact.sms_number}</span>
          </p>
        </div>
        <div className="conv-header-right">
          <Viewers users={viewers} testId="viewing-indicator" label />
          <StatusActions conversation={conversation} disabled={busy} onChange={change} />
          <button
            type="button"
            className={panelOpen ? 'icon-button active' : 'icon-button'}
            aria-pressed={panelOpen}
            aria-label={t('inbox.contactPanel.toggle')}
            title={t('inbox.contactPanel.toggle')}
            data-testid="contact-panel-toggle"
            onClick={onTogglePanel}
          >
            <PanelRight size={18} aria-hidden="true" />
          </button>
        </div>
      </div>
      <div className="conv-toolbar">
        <StatusBadge status={conversation.status} />
        {conversation.status === 'snoozed' && conversation.snoozed_until && (
          <span className="muted conv-snoozed-until" data-testid="snoozed-until">
            {t('inbox.snooze.until', { date: formatDate(conversation.snoozed_until) })}
          </span>
        )}
        <span className="conv-toolbar-sep" aria-hidden="true" />
        <AssignControl conversation={conversation} disabled={busy} onChange={change} />
        <ClaimAction conversation={conversation} />
        <TransferAction conversation={conversation} />
      </div>
      <ConversationLabels
        className="conv-toolbar"
        conversationId={conversation.id}
        labels={conversation.labels ?? []}
      />
      <ErrorAlert error={update.error} testId="conversation-update-error" />
    </header>
  );
}

/**
 * Resolve (with pending and snooze times in its drop-down) for conversations
 * still in work; Reopen for the others.
 */
function StatusActions({
  conversation,
  disabled,
  onChange,
}: {
  conversation: ConversationDetail;
  disabled: boolean;
  onChange: (change: ConversationChange) => void;
}) {
  const { t } = useTranslation();
  const status = conversation.status;
  return (
    <div className="conv-status-actions">
      {status !== 'open' && (
        <button
          type="button"
          className="button button-small"
          data-testid="status-reopen"
          disabled={disabled}
          onClick={() => onChange({ status: 'open' })}
        >
          <RotateCcw size={14} aria-hidden="true" />
          {t('inbox.actions.reopen')}
        </button>
      )}
      {status !== 'resolved' && (
        <div className="split-button">
          <button
            type="button"
            className="button button-small button-resolve"
            data-testid="status-resolve"
            disabled={disabled}
            onClick={() => onChange({ status: 'resolved' })}
          >
            <CheckCircle2 size={14} aria-hidden="true" />
            {t('inbox.actions.resolve')}
          </button>
          <StatusMenu
            disabled={disabled}
            canPend={status !== 'pending'}
            onPending={() => onChange({ status: 'pending' })}
            onSnooze={(until) => onChange({ status: 'snoozed', snoozed_until: until.toISOString() })}
          />
        </div>
      )}
    </div>
  );
}

function AssignControl({
  conversation,
  disabled,
  onChange,
}: {
  conversation: ConversationDetail;
  disabled: boolean;
  onChange: (change: ConversationChange) => void;
}) {
  const { t } = useTranslation();
  const me = useSession();
  const agents = useAgents();
  const mine = conversation.assignee_id === me.user.id;
  const list = agents.data ?? null;
  // Whoever is assigned stays selectable even when the list does not name them.
  const options =
    list && conversation.assignee_id !== null && !list.some((a) => a.id === conversation.assignee_id)
      ? [
          ...list,
          {
            id: conversation.assignee_id,
            name: conversation.assignee_name ?? `#${conversation.assignee_id}`,
            role: '',
          },
        ]
      : list;

  return (
    <div className="conv-assign">
      {options ? (
        <>
          <label className="visually-hidden" htmlFor={`assignee-${conversation.id}`}>
            {t('inbox.assign.label')}
          </label>
          <select
            id={`assignee-${conversation.id}`}
            className="select-compact"
            data-testid="assignee-select"
            disabled={disabled}
            value={conversation.assignee_id ?? ''}
            onChange={(e) => onChange({ assignee_id: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('inbox.unassigned')}</option>
            {options.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.id === me.user.id ? t('inbox.assign.meNamed', { name: agent.name }) : agent.name}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span className="conv-assignee" data-testid="conversation-assignee-name">
          {conversation.assignee_name ?? t('inbox.unassigned')}
        </span>
      )}
      {!mine && (
        <button
          type="button"
          className="button button-small"
          data-testid="assign-me"
          disabled={disabled}
          onClick={() => onChange({ assignee_id: me.user.id })}
        >
          <UserCheck size={14} aria-hidden="true" />
          {t('inbox.assign.me')}
        </button>
      )}
    </div>
  );
}

/** The resolve button's drop-down: mark pending, or snooze for 1 hour, until tomorrow, next week or a chosen time. */
function StatusMenu({
  disabled,
  canPend,
  onPending,
  onSnooze,
}: {
  disabled: boolean;
  canPend: boolean;
  onPending: () => void;
  onSnooze: (until: Date) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function pick(action: () => void) {
    setOpen(false);
    action();
  }

  const preset = (choice: SnoozeChoice, label: ReactNode) => (
    <button
      type="button"
      role="menuitem"
      className="inbox-menu-item"
      data-testid={`snooze-${choice}`}
      onClick={() => pick(() => onSnooze(snoozeUntil(choice)))}
    >
      {label}
    </button>
  );

  return (
    <div className="inbox-menu-wrap" ref={ref}>
      <button
        type="button"
        className="button button-small button-resolve split-button-toggle"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('inbox.actions.more')}
        title={t('inbox.actions.more')}
        data-testid="status-menu"
        disabled={disabled}
        onClick={() => {
          setCustom(toLocalInput(snoozeUntil('tomorrow')));
          setOpen((o) => !o);
        }}
      >
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open && (
        <div className="inbox-menu" role="menu" data-testid="status-menu-items">
          {canPend && (
            <button
              type="button"
              role="menuitem"
              className="inbox-menu-item"
              data-testid="status-pending"
              onClick={() => pick(onPending)}
            >
              <Hourglass size={15} aria-hidden="true" />
              {t('inbox.actions.markPending')}
            </button>
          )}
          <p className="inbox-menu-heading">
            <AlarmClock size={15} aria-hidden="true" />
            {t('inbox.actions.snooze')}
          </p>
          {preset('1h', t('inbox.snooze.oneHour'))}
          {preset('tomorrow', t('inbox.snooze.tomorrow'))}
          {preset('nextWeek', t('inbox.snooze.nextWeek'))}
          <form
            className="inbox-menu-custom"
            onSubmit={(e) => {
              e.preventDefault();
              const at = new Date(custom);
              if (!Number.isNaN(at.getTime())) pick(() => onSnooze(at));
            }}
          >
            <label htmlFor="snooze-custom">{t('inbox.snooze.custom')}</label>
            <div className="inbox-menu-custom-row">
              <input
                id="snooze-custom"
                type="datetime-local"
                data-testid="snooze-custom-input"
                value={custom}
                min={toLocalInput(new Date())}
                onChange={(e) => setCustom(e.target.value)}
              />
              <button
                type="submit"
                className="button button-small button-primary"
                data-testid="snooze-custom-submit"
                disabled={!custom}
              >
                {t('inbox.actions.snooze')}
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
