import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Search, Inbox as InboxIcon } from 'lucide-react';
import type { ConversationFilter, ConversationStatus, ConversationTab, ConversationView } from '../api/inbox';
import type { ID } from '../api/types';
import { useViewingUsers } from '../realtime/RealtimeProvider';
import { LabelChip } from '../labels/LabelChip';
import { LabelFilter } from '../labels/LabelFilter';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { Avatar, ChannelIcon, Viewers } from './bits';
import { contactLabel, formatListTime, useNow } from './format';
import { useChannels } from '../settings/channels/queries';
import { RoutingFilters } from '../supervisor/RoutingFilters';
import { useConversationList } from './queries';

const TABS: ConversationTab[] = ['mine', 'unassigned', 'all'];
const STATUSES: Array<ConversationStatus | ''> = ['open', 'pending', 'snoozed', 'resolved', ''];
const SEARCH_DEBOUNCE_MS = 300;

interface ConversationListProps {
  filter: ConversationFilter;
  onFilterChange: (filter: ConversationFilter) => void;
  selectedId: ID | null;
}

/** The left column: tabs, filters, search and the conversations, newest activity first. */
export function ConversationList({ filter, onFilterChange, selectedId }: ConversationListProps) {
  const { t } = useTranslation();
  const channels = useChannels();
  const list = useConversationList(filter);
  const [search, setSearch] = useState(filter.q);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  // Searching waits until typing pauses.
  useEffect(() => {
    if (search === filterRef.current.q) return;
    const timer = setTimeout(() => onFilterChange({ ...filterRef.current, q: search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, onFilterChange]);

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="conv-list" data-testid="conversation-list">
      <div className="conv-list-controls">
        <div className="conv-tabs" role="group" aria-label={t('inbox.tabs.label')}>
          {TABS.map((tab) => (
            <button
              key={tab}
              type="button"
              className={filter.tab === tab ? 'conv-tab active' : 'conv-tab'}
              aria-pressed={filter.tab === tab}
              data-testid={`inbox-tab-${tab}`}
              onClick={() => onFilterChange({ ...filter, tab })}
            >
              {t(`inbox.tabs.${tab}`)}
            </button>
          ))}
        </div>
        <label className="conv-search">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">{t('inbox.search')}</span>
          <input
            type="search"
            data-testid="conversation-search"
            placeholder={t('inbox.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <div className="conv-filters">
          <label className="visually-hidden" htmlFor="inbox-status-filter">
            {t('inbox.statusFilter')}
          </label>
          <select
            id="inbox-status-filter"
            className="select-compact"
            data-testid="status-filter"
            value={filter.status}
            onChange={(e) => onFilterChange({ ...filter, status: e.target.value as ConversationStatus | '' })}
          >
            {STATUSES.map((status) => (
              <option key={status || 'any'} value={status}>
                {status ? t(`inbox.status.${status}`) : t('inbox.status.any')}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="inbox-channel-filter">
            {t('inbox.channelFilter')}
          </label>
          <select
            id="inbox-channel-filter"
            className="select-compact"
            data-testid="channel-filter"
            value={filter.channelId ?? ''}
            onChange={(e) => onFilterChange({ ...filter, channelId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('inbox.allChannels')}</option>
            {channels.data?.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
          </select>
          <LabelFilter value={filter.labelId ?? null} onChange={(labelId) => onFilterChange({ ...filter, labelId })} />
          <RoutingFilters
            queueId={filter.queueId ?? null}
            assigneeId={filter.assigneeId ?? null}
            onChange={(routing) => onFilterChange({ ...filter, ...routing })}
          />
        </div>
      </div>

      <div className="conv-list-scroll">
        {list.isPending ? (
          <Spinner />
        ) : list.isError ? (
          <div className="conv-list-message">
            <ErrorAlert error={list.error} testId="conversation-list-error" />
          </div>
        ) : rows.length === 0 ? (
          <div className="conv-list-empty" data-testid="conversation-list-empty">
            <InboxIcon size={28} aria-hidden="true" />
            <p className="conv-list-empty-title">{t('inbox.list.emptyTitle')}</p>
            <p className="muted">{filter.q.trim() ? t('inbox.list.emptySearch') : t('inbox.list.emptyFilter')}</p>
          </div>
        ) : (
          <ul className="conv-rows">
            {rows.map((conversation) => (
              <li key={conversation.id}>
                <ConversationRow conversation={conversation} selected={conversation.id === selectedId} />
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && <LoadMore loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />}
      </div>
    </div>
  );
}

/** Loads the next page when scrolled into view; a button for everyone else. */
function LoadMore({ loading, onLoad }: { loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const onLoadRef = useRef(onLoad);
  onLoadRef.current = onLoad;

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined' || loading) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadRef.current();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loading]);

  return (
    <div className="conv-load-more" ref={ref}>
      <button
        type="button"
        className="button button-small"
        disabled={loading}
        onClick={onLoad}
        data-testid="conversation-list-more"
      >
        {loading ? t('app.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}

function ConversationRow({ conversation, selected }: { conversation: ConversationView; selected: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const viewers = useViewingUsers(conversation.id);
  const name = contactLabel(conversation.contact);
  const unread = conversation.unread_count;
  return (
    <Link
      to={`/inbox/${conversation.id}`}
      className={['conv-row', selected ? 'selected' : '', unread > 0 ? 'unread' : ''].filter(Boolean).join(' ')}
      aria-current={selected ? 'page' : undefined}
      data-testid="conversation-row"
      data-conversation-id={conversation.id}
    >
      <Avatar name={name} />
      <span className="conv-row-main">
        <span className="conv-row-line">
          <span className="conv-row-name" data-testid="conversation-name">
            {name}
          </span>
          <time className="conv-row-time" dateTime={conversation.last_message_at} data-testid="conversation-time">
            {formatListTime(conversation.last_message_at, now, i18n.resolvedLanguage ?? 'en', t)}
          </time>
        </span>
        <span className="conv-row-line">
          <span className="conv-row-preview" data-testid="conversation-preview">
            {conversation.last_message_preview || '\u00a0'}
          </span>
          {unread > 0 && (
            <span
              className="unread-badge"
              data-testid="conversation-unread"
              aria-label={t('inbox.unread', { count: unread })}
            >
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
        <span className="conv-row-line conv-row-meta">
          <span className="conv-row-channel">
            <ChannelIcon kind={conversation.channel_kind} size={13} />
            <span className="conv-row-channel-name">{conversation.channel_name}</span>
          </span>
          <Viewers users={viewers} />
          <span
            className={conversation.assignee_name ? 'conv-row-assignee' : 'conv-row-assignee none'}
            data-testid="conversation-assignee"
          >
            {conversation.assignee_name ?? t('inbox.unassigned')}
          </span>
        </span>
        {conversation.labels && conversation.labels.length > 0 && (
          <span className="label-row label-row-compact" data-testid="conversation-labels">
            {conversation.labels.map((label) => (
              <LabelChip key={label.id} label={label} small />
            ))}
          </span>
        )}
      </span>
    </Link>
  );
}
