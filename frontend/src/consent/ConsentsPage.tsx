import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Download, Plus } from 'lucide-react';
import {
  CONSENT_CHANNEL_KINDS,
  CONSENT_SOURCES,
  CONSENT_STATES,
  consentExportURL,
  type ConsentChannelKind,
  type ConsentFilter,
  type ConsentRecord,
  type ConsentSource,
  type ConsentState,
} from '../api/consent';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { ContactDialog } from '../contacts/ContactDialog';
import { useDateTimeFormat } from '../i18n/format';
import { useDebounced } from '../sandbox/useDebounced';
import { DataTable, type ColumnLayout, type DataColumn } from '../ui/DataTable';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { RowMenu, type RowMenuItem } from '../ui/RowMenu';
import { Spinner } from '../ui/Spinner';
import { AddConsentDialog } from './AddConsentDialog';
import { ConsentStateBadge } from './ConsentStateBadge';
import { HistoryDialog } from './HistoryDialog';
import { RevokeDialog } from './RevokeDialog';
import { formatNumber, sourceText } from './format';
import { useConsents } from './queries';
import './consent.css';

const NO_LAYOUT: ColumnLayout = { order: [], hidden: [] };
const noSort = () => {};

type Open =
  | { kind: 'add' }
  | { kind: 'revoke'; record: ConsentRecord }
  | { kind: 'history'; number: string }
  | { kind: 'contact'; id: ID }
  | null;

const rowId = (r: ConsentRecord) => `${r.channel_kind}:${r.number}`;

/** "WhatsApp-Freigaben": who agreed to be messaged, on which kind, since when and how. */
export function ConsentsPage() {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const canWrite = useCan('consent:write');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Omit<ConsentFilter, 'q'>>({});
  const q = useDebounced(search, 250);
  const fullFilter = useMemo<ConsentFilter>(() => ({ ...filter, q: q.trim() || undefined }), [filter, q]);
  const consents = useConsents(fullFilter);
  const [open, setOpen] = useState<Open>(null);
  const rows = useMemo(() => consents.data?.pages.flatMap((p) => p.items) ?? [], [consents.data]);

  const columns = useMemo<DataColumn<ConsentRecord>[]>(
    () => [
      {
        id: 'number',
        label: t('consent.columns.number'),
        alwaysVisible: true,
        cell: (r) => <span className="consent-nowrap">{formatNumber(r.number)}</span>,
      },
      {
        id: 'contact',
        label: t('consent.columns.contact'),
        cell: (r) =>
          r.contact ? (
            <button
              type="button"
              className="consent-link"
              data-testid="consent-contact"
              onClick={() => setOpen({ kind: 'contact', id: r.contact!.id })}
            >
              {r.contact.name || formatNumber(r.number)}
            </button>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { id: 'kind', label: t('consent.columns.kind'), cell: (r) => t(`consent.kinds.${r.channel_kind}`) },
      { id: 'state', label: t('consent.columns.state'), cell: (r) => <ConsentStateBadge state={r.state} /> },
      {
        id: 'source',
        label: t('consent.columns.source'),
        cell: (r) => <span data-testid="consent-source">{sourceText(t, r.source, r.detail, r.note)}</span>,
      },
      {
        id: 'changed_at',
        label: t('consent.columns.changedAt'),
        cell: (r) => <time dateTime={r.changed_at}>{formatDate(r.changed_at)}</time>,
      },
    ],
    [t, formatDate],
  );

  const rowMenu = (r: ConsentRecord) => {
    const items: RowMenuItem[] = [
      {
        id: 'history',
        label: t('consent.history.action'),
        onSelect: () => setOpen({ kind: 'history', number: r.number }),
      },
    ];
    if (canWrite && r.state !== 'revoked') {
      items.push({
        id: 'revoke',
        label: t('consent.revoke.action'),
        danger: true,
        onSelect: () => setOpen({ kind: 'revoke', record: r }),
      });
    }
    return (
      <RowMenu
        label={t('consent.rowActions', { number: formatNumber(r.number) })}
        items={items}
        testId={`consent-menu-${rowId(r)}`}
      />
    );
  };

  const loadMore = useCallback(() => {
    if (consents.hasNextPage && !consents.isFetchingNextPage) void consents.fetchNextPage();
  }, [consents]);

  const select = (
    key: keyof Omit<ConsentFilter, 'q'>,
    label: string,
    values: readonly string[],
    optionLabel: (value: string) => string,
  ) => (
    <label>
      <span className="visually-hidden">{label}</span>
      <select
        className="select-compact"
        aria-label={label}
        data-testid={`consent-filter-${key}`}
        value={filter[key] ?? ''}
        onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value || undefined }))}
      >
        <option value="">{t(`consent.filters.all.${key}`)}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {optionLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="consents-screen">
      <PageHeader
        title={t('consent.title')}
        description={t('consent.description')}
        actions={
          <>
            <a className="button" href={consentExportURL('csv', fullFilter)} download data-testid="consent-export-csv">
              <Download size={16} aria-hidden="true" />
              {t('consent.export.csv')}
            </a>
            <a
              className="button"
              href={consentExportURL('xlsx', fullFilter)}
              download
              data-testid="consent-export-xlsx"
            >
              <Download size={16} aria-hidden="true" />
              {t('consent.export.xlsx')}
            </a>
            {canWrite && (
              <button
                type="button"
                className="button button-primary"
                data-testid="consent-add"
                onClick={() => setOpen({ kind: 'add' })}
              >
                <Plus size={16} aria-hidden="true" />
                {t('consent.add.open')}
              </button>
            )}
          </>
        }
      />
      <div className="stack">
        <div className="consents-toolbar" role="search">
          <label className="consents-search">
            <span className="visually-hidden">{t('consent.search')}</span>
            <input
              type="search"
              placeholder={t('consent.search')}
              data-testid="consent-search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          {select('channel_kind', t('consent.columns.kind'), CONSENT_CHANNEL_KINDS, (v) =>
            t(`consent.kinds.${v as ConsentChannelKind}`),
          )}
          {select('state', t('consent.columns.state'), CONSENT_STATES, (v) => t(`consent.states.${v as ConsentState}`))}
          {select('source', t('consent.columns.source'), CONSENT_SOURCES, (v) =>
            t(`consent.sources.${v as ConsentSource}`),
          )}
        </div>
        {consents.isPending ? (
          <Spinner />
        ) : consents.isError && rows.length === 0 ? (
          <ErrorAlert error={consents.error} testId="consents-error" />
        ) : rows.length === 0 ? (
          <p className="muted" data-testid="consents-empty">
            {t('consent.empty')}
          </p>
        ) : (
          <DataTable
            rows={rows}
            columns={columns}
            getRowId={rowId}
            label={t('consent.title')}
            sort={null}
            onSortChange={noSort}
            layout={NO_LAYOUT}
            rowMenu={rowMenu}
            hasMore={!!consents.hasNextPage}
            loadingMore={consents.isFetchingNextPage}
            onLoadMore={loadMore}
            testId="consents-table"
            rowTestId={(r) => `consent-row-${rowId(r)}`}
          />
        )}
      </div>
      {open?.kind === 'add' && <AddConsentDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'revoke' && <RevokeDialog record={open.record} onClose={() => setOpen(null)} />}
      {open?.kind === 'history' && <HistoryDialog number={open.number} onClose={() => setOpen(null)} />}
      {open?.kind === 'contact' && <ContactDialog contactId={open.id} onClose={() => setOpen(null)} />}
    </div>
  );
}
