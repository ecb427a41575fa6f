import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { BookUser, Download, Plus, Upload } from 'lucide-react';
import { exportURL, type Contact, type ContactFilter } from '../api/contacts';
import type { ID } from '../api/types';
import { useCan, useSession } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { useDebounced } from '../sandbox/useDebounced';
import { NewConversationDialog } from '../templates/NewConversationDialog';
import { ColumnSettings } from '../ui/ColumnSettings';
import {
  DataTable,
  NO_SELECTION,
  orderedColumns,
  sortParam,
  type ColumnLayout,
  type Selection,
  type SortBy,
} from '../ui/DataTable';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { RowMenu, type RowMenuItem } from '../ui/RowMenu';
import { Spinner } from '../ui/Spinner';
import { BulkBar } from './BulkBar';
import { ContactDialog } from './ContactDialog';
import { ContactFilters, hasFilters } from './ContactFilters';
import { contactColumns, contactName, defaultLayout, exportColumns } from './columns';
import { DeleteContactDialog } from './DeleteContactDialog';
import { ImportProgress } from './ImportProgress';
import { ImportWizard } from './ImportWizard';
import { rememberImport, rememberedImport } from './importMemory';
import { MergeDialog } from './MergeDialog';
import { useAttributes, useColumnLayout, useContacts, useSaveColumnLayout, useSaveContact } from './queries';
import './contacts.css';

type Open =
  | { kind: 'detail'; id: ID | null }
  | { kind: 'delete'; contact: Contact }
  | { kind: 'merge'; contacts: [Contact, Contact] }
  | { kind: 'start'; contact: Contact }
  | { kind: 'import' }
  | null;

const rowId = (c: Contact) => String(c.id);

/** Contacts: the phone book as a sortable, filterable table with import, export and bulk actions. */
export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const formatDate = useDateTimeFormat();
  const canWrite = useCan('contacts:write');
  const canImport = useCan('contacts:import');
  const canExport = useCan('contacts:export');
  const canDelete = useCan('contacts:delete');
  const canStart = useCan('conversations:write');

  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [filterState, setFilterState] = useState<ContactFilter>({});
  const filter = useMemo(() => ({ ...filterState, q: q.trim() || undefined }), [filterState, q]);
  const [sort, setSort] = useState<SortBy | null>(null);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [open, setOpen] = useState<Open>(null);
  const [importId, setImportId] = useState<ID | null>(() => rememberedImport(me.user.id));

  const attributes = useAttributes();
  const savedLayout = useColumnLayout();
  const saveLayout = useSaveColumnLayout();
  const contacts = useContacts(filter, sortParam(sort));
  const save = useSaveContact();

  const attrs = useMemo(() => attributes.data ?? [], [attributes.data]);
  // The layout changes in this render (a controlled checkbox must not bounce
  // back while the preference is being saved), then follows the saved one.
  const [changedLayout, setChangedLayout] = useState<ColumnLayout | null>(null);
  const layout: ColumnLayout = changedLayout ?? savedLayout.data ?? defaultLayout(attrs);
  const lng = i18n.resolvedLanguage ?? 'en';
  const columns = useMemo(
    () => contactColumns(attrs, { t, lng, formatDate, onOpen: (c) => setOpen({ kind: 'detail', id: c.id }) }),
    // formatDate is a new function each render but depends only on the language.
    [attrs, t, lng],
  );
  const rows = useMemo(() => contacts.data?.pages.flatMap((p) => p.items) ?? [], [contacts.data]);
  const visibleExport = orderedColumns(columns, layout)
    .filter((c) => !layout.hidden.includes(c.id))
    .flatMap((c) => exportColumns(c.id));

  const changeFilter = (next: ContactFilter) => {
    setFilterState(next);
    setSelection(NO_SELECTION);
  };
  const changeSearch = (next: string) => {
    setSearch(next);
    setSelection(NO_SELECTION);
  };
  const startImport = (id: ID) => {
    rememberImport(me.user.id, id);
    setImportId(id);
    setOpen(null);
  };
  const loadMore = useCallback(() => {
    if (contacts.hasNextPage && !contacts.isFetchingNextPage) void contacts.fetchNextPage();
  }, [contacts]);

  const menuFor = (c: Contact) => {
    const name = contactName(c) || c.whatsapp_number || c.sms_number || String(c.id);
    const items: RowMenuItem[] = [];
    if (c.last_conversation_id) {
      items.push({
        id: 'open-last',
        label: t('contacts.menu.openLast'),
        onSelect: () => navigate(`/inbox/${c.last_conversation_id}`),
      });
    }
    if (canStart && !c.blocked) {
      items.push({
        id: 'start',
        label: t('contacts.menu.start'),
        onSelect: () => setOpen({ kind: 'start', contact: c }),
      });
    }
    items.push({
      id: 'edit',
      label: canWrite ? t('contacts.menu.edit') : t('contacts.menu.show'),
      onSelect: () => setOpen({ kind: 'detail', id: c.id }),
    });
    if (canWrite) {
      items.push({
        id: c.blocked ? 'unblock' : 'block',
        label: c.blocked ? t('contacts.menu.unblock') : t('contacts.menu.block'),
        onSelect: () => save.mutate({ id: c.id, input: { blocked: !c.blocked } }),
      });
      items.push({
        id: c.status === 'active' ? 'deactivate' : 'activate',
        label: c.status === 'active' ? t('contacts.menu.deactivate') : t('contacts.menu.activate'),
        onSelect: () => save.mutate({ id: c.id, input: { status: c.status === 'active' ? 'inactive' : 'active' } }),
      });
    }
    if (canDelete) {
      items.push({
        id: 'delete',
        label: t('contacts.menu.delete'),
        danger: true,
        onSelect: () => setOpen({ kind: 'delete', contact: c }),
      });
    }
    return <RowMenu label={t('contacts.menu.label', { name })} items={items} testId="contact-menu" />;
  };

  const selectedRows = rows.filter((r) => selection.ids.includes(rowId(r)));
  const someSelected = selection.allMatching || selection.ids.length > 0;
  const bulkTarget = selection.allMatching ? { filter } : { ids: selection.ids.map(Number) };
  const empty = !contacts.isPending && rows.length === 0;

  return (
    <div className="contacts-screen">
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.description')}
        actions={
          <>
            {canImport && (
              <button
                type="button"
                className="button"
                data-testid="contacts-import"
                onClick={() => setOpen({ kind: 'import' })}
              >
                <Upload size={16} aria-hidden="true" />
                {t('contacts.import.open')}
              </button>
            )}
            {canExport && (
              <>
                <a
                  className="button"
                  href={exportURL('csv', visibleExport, { filter })}
                  download
                  data-testid="contacts-export-csv"
                >
                  <Download size={16} aria-hidden="true" />
                  {t('contacts.export.csv')}
                </a>
                <a
                  className="button"
                  href={exportURL('xlsx', visibleExport, { filter })}
                  download
                  data-testid="contacts-export-xlsx"
                >
                  <Download size={16} aria-hidden="true" />
                  {t('contacts.export.xlsx')}
                </a>
              </>
            )}
            {canWrite && (
              <button
                type="button"
                className="button button-primary"
                data-testid="contacts-new"
                onClick={() => setOpen({ kind: 'detail', id: null })}
              >
                <Plus size={16} aria-hidden="true" />
                {t('contacts.create')}
              </button>
            )}
          </>
        }
      />
      <div className="stack contacts-page">
        {importId !== null && (
          <ImportProgress
            id={importId}
            onDismiss={() => {
              rememberImport(me.user.id, null);
              setImportId(null);
            }}
          />
        )}
        <div className="contacts-controls">
          <ContactFilters search={search} onSearch={changeSearch} filter={filterState} onChange={changeFilter} />
          <ColumnSettings
            columns={columns}
            layout={layout}
            onChange={(next) => {
              setChangedLayout(next);
              saveLayout.mutate(next);
            }}
          />
        </div>
        <ErrorAlert error={saveLayout.error} testId="column-layout-error" />
        <ErrorAlert error={save.error} testId="contact-save-error" />
        {someSelected && (
          <BulkBar
            count={selection.allMatching ? null : selection.ids.length}
            target={bulkTarget}
            exportColumns={visibleExport}
            onMerge={
              canDelete && selectedRows.length === 2 && !selection.allMatching
                ? () => setOpen({ kind: 'merge', contacts: [selectedRows[0]!, selectedRows[1]!] })
                : undefined
            }
            onDone={() => setSelection(NO_SELECTION)}
          />
        )}
        {contacts.isPending || attributes.isPending ? (
          <Spinner />
        ) : contacts.isError ? (
          <ErrorAlert error={contacts.error} />
        ) : empty ? (
          hasFilters(filterState) || q ? (
            <p className="muted" data-testid="contacts-no-match">
              {t('contacts.noMatch')}
            </p>
          ) : (
            <EmptyState
              testId="contacts-empty"
              icon={<BookUser size={28} />}
              title={t('contacts.emptyTitle')}
              description={t('contacts.emptyDescription')}
            />
          )
        ) : (
          <DataTable
            rows={rows}
            columns={columns}
            getRowId={rowId}
            label={t('contacts.title')}
            sort={sort}
            onSortChange={setSort}
            layout={layout}
            selection={selection}
            onSelectionChange={setSelection}
            rowName={(c) => contactName(c) || c.whatsapp_number || c.sms_number || String(c.id)}
            rowMenu={menuFor}
            hasMore={!!contacts.hasNextPage}
            loadingMore={contacts.isFetchingNextPage}
            onLoadMore={loadMore}
            testId="contacts-table"
            rowTestId={(c) => `contact-row-${c.id}`}
          />
        )}
      </div>

      {open?.kind === 'detail' && <ContactDialog contactId={open.id} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteContactDialog contact={open.contact} onClose={() => setOpen(null)} />}
      {open?.kind === 'merge' && (
        <MergeDialog
          contacts={open.contacts}
          onClose={() => {
            setOpen(null);
            setSelection(NO_SELECTION);
          }}
        />
      )}
      {open?.kind === 'import' && <ImportWizard onClose={() => setOpen(null)} onStarted={startImport} />}
      {open?.kind === 'start' && (
        <NewConversationDialog
          contact={{
            id: open.contact.id,
            name: contactName(open.contact),
            sms_number: open.contact.sms_number,
            whatsapp_number: open.contact.whatsapp_number,
          }}
          onClose={() => setOpen(null)}
          onStarted={(id) => navigate(`/inbox/${id}`)}
        />
      )}
    </div>
  );
}
