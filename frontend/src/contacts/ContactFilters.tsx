import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Search, SlidersHorizontal, X } from 'lucide-react';
import type { ContactFilter } from '../api/contacts';
import { useCan } from '../auth/session';
import { useGroups } from '../groups/queries';
import { LabelFilter } from '../labels/LabelFilter';

interface ContactFiltersProps {
  /** The search text as typed (the list follows it after a pause). */
  search: string;
  onSearch: (q: string) => void;
  filter: ContactFilter;
  onChange: (filter: ContactFilter) => void;
}

type YesNo = '' | 'true' | 'false';
const yesNo = (v: boolean | undefined): YesNo => (v === undefined ? '' : v ? 'true' : 'false');
const ofYesNo = (v: string): boolean | undefined => (v === '' ? undefined : v === 'true');

/** Is any filter besides the search set? */
export function hasFilters(filter: ContactFilter): boolean {
  return Object.entries(filter).some(([key, value]) => key !== 'q' && value !== undefined && value !== '');
}

/** Search box and filters of the contacts table; the toolbar wraps on small screens. */
export function ContactFilters({ search, onSearch, filter, onChange }: ContactFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const advancedSet = !!(
    filter.has_sms !== undefined ||
    filter.has_whatsapp !== undefined ||
    filter.created_from ||
    filter.created_to ||
    filter.last_chat_from ||
    filter.last_chat_to
  );
  const [more, setMore] = useState(advancedSet);
  const canGroups = useCan('groups:read');
  const groups = useGroups(canGroups);
  const set = (change: Partial<ContactFilter>) => onChange({ ...filter, ...change });

  const select = (
    key: string,
    label: string,
    value: string,
    options: [string, string][],
    onValue: (v: string) => void,
  ) => (
    <label className="contacts-filter">
      <span className="visually-hidden">{label}</span>
      <select
        className="select-compact"
        data-testid={`filter-${key}`}
        aria-label={label}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  const dateRange = (key: 'created' | 'last_chat', label: string) => {
    const from = `${key}_from` as const;
    const to = `${key}_to` as const;
    return (
      <fieldset className="contacts-daterange">
        <legend>{label}</legend>
        <label>
          <span>{t('contacts.filters.from')}</span>
          <input
            type="date"
            data-testid={`filter-${from}`}
            value={filter[from] ?? ''}
            onChange={(e) => set({ [from]: e.target.value || undefined })}
          />
        </label>
        <label>
          <span>{t('contacts.filters.to')}</span>
          <input
            type="date"
            data-testid={`filter-${to}`}
            value={filter[to] ?? ''}
            onChange={(e) => set({ [to]: e.target.value || undefined })}
          />
        </label>
      </fieldset>
    );
  };

  return (
    <div className="contacts-toolbar" role="search">
      <label className="contacts-search" htmlFor={`${id}-q`}>
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">{t('contacts.search')}</span>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={t('contacts.searchPlaceholder')}
          data-testid="contacts-search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
      </label>
      {select(
        'status',
        t('contacts.filters.status'),
        filter.status ?? '',
        [
          ['', t('contacts.filters.anyStatus')],
          ['active', t('contacts.status.active')],
          ['inactive', t('contacts.status.inactive')],
        ],
        (v) => set({ status: (v || undefined) as ContactFilter['status'] }),
      )}
      {select(
        'blocked',
        t('contacts.filters.blocked'),
        yesNo(filter.blocked),
        [
          ['', t('contacts.filters.blockedAny')],
          ['false', t('contacts.filters.notBlocked')],
          ['true', t('contacts.filters.onlyBlocked')],
        ],
        (v) => set({ blocked: ofYesNo(v) }),
      )}
      {select(
        'channel_kind',
        t('contacts.filters.channel'),
        filter.channel_kind ?? '',
        [
          ['', t('contacts.filters.anyChannel')],
          ['whatsapp', t('contacts.channels.whatsapp')],
          ['sms', t('contacts.channels.sms')],
        ],
        (v) => set({ channel_kind: (v || undefined) as ContactFilter['channel_kind'] }),
      )}
      <LabelFilter value={filter.label_id ?? null} onChange={(labelId) => set({ label_id: labelId ?? undefined })} />
      {canGroups &&
        select(
          'group_id',
          t('contacts.filters.group'),
          filter.group_id === undefined ? '' : String(filter.group_id),
          [
            ['', t('contacts.filters.anyGroup')],
            // A group deleted meanwhile still shows as chosen until changed.
            ...(filter.group_id !== undefined && groups.data && !groups.data.some((g) => g.id === filter.group_id)
              ? [[String(filter.group_id), t('contacts.filters.unknownGroup')] as [string, string]]
              : []),
            ...(groups.data ?? []).map((g): [string, string] => [
              String(g.id),
              `${g.name} (${t(`groups.kinds.${g.kind}`)})`,
            ]),
          ],
          (v) => set({ group_id: v ? Number(v) : undefined }),
        )}
      <button
        type="button"
        className="button button-small"
        aria-expanded={more}
        data-testid="filters-more"
        onClick={() => setMore((m) => !m)}
      >
        <SlidersHorizontal size={14} aria-hidden="true" />
        {t('contacts.filters.more')}
      </button>
      {(hasFilters(filter) || search) && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="filters-clear"
          onClick={() => {
            onSearch('');
            onChange({});
          }}
        >
          <X size={14} aria-hidden="true" />
          {t('contacts.filters.clear')}
        </button>
      )}
      {more && (
        <div className="contacts-more-filters" data-testid="contacts-more-filters">
          {select(
            'has_sms',
            t('contacts.filters.hasSMS'),
            yesNo(filter.has_sms),
            [
              ['', t('contacts.filters.smsAny')],
              ['true', t('contacts.filters.withSMS')],
              ['false', t('contacts.filters.withoutSMS')],
            ],
            (v) => set({ has_sms: ofYesNo(v) }),
          )}
          {select(
            'has_whatsapp',
            t('contacts.filters.hasWhatsApp'),
            yesNo(filter.has_whatsapp),
            [
              ['', t('contacts.filters.whatsappAny')],
              ['true', t('contacts.filters.withWhatsApp')],
              ['false', t('contacts.filters.withoutWhatsApp')],
            ],
            (v) => set({ has_whatsapp: ofYesNo(v) }),
          )}
          {dateRange('created', t('contacts.filters.created'))}
          {dateRange('last_chat', t('contacts.filters.lastChat'))}
        </div>
      )}
    </div>
  );
}
