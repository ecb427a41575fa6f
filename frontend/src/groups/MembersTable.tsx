import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserMinus } from 'lucide-react';
import type { GroupMember } from '../api/groups';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { ConsentStateBadge } from '../consent/ConsentStateBadge';
import { formatNumber } from '../consent/format';
import { useDateTimeFormat } from '../i18n/format';
import { DataTable, NO_SELECTION, type ColumnLayout, type DataColumn, type Selection } from '../ui/DataTable';
import { ConfirmAction } from '../ui/ConfirmAction';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { useGroupMembers, useRemoveMembers } from './queries';

const NO_LAYOUT: ColumnLayout = { order: [], hidden: [] };
const noSort = () => {};
const rowId = (m: GroupMember) => String(m.contact_id);

/** The group's members with their numbers, registrations, consent and how they joined; remove the selected. */
export function MembersTable({ groupId }: { groupId: ID }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const canWrite = useCan('groups:write');
  const members = useGroupMembers(groupId);
  const remove = useRemoveMembers(groupId);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const rows = useMemo(() => members.data?.pages.flatMap((p) => p.items) ?? [], [members.data]);

  const columns = useMemo<DataColumn<GroupMember>[]>(
    () => [
      { id: 'name', label: t('groups.members.columns.contact'), alwaysVisible: true, cell: (m) => m.name || '—' },
      {
        id: 'numbers',
        label: t('groups.members.columns.numbers'),
        cell: (m) => (
          <span className="member-numbers">
            {m.whatsapp_number && <span>{`${t('consent.kinds.whatsapp')}: ${formatNumber(m.whatsapp_number)}`}</span>}
            {m.sms_number && <span>{`${t('consent.kinds.sms')}: ${formatNumber(m.sms_number)}`}</span>}
          </span>
        ),
      },
      {
        id: 'registered',
        label: t('groups.members.columns.registered'),
        cell: (m) =>
          [m.whatsapp && t('consent.kinds.whatsapp'), m.sms && t('consent.kinds.sms')].filter(Boolean).join(', ') ||
          '—',
      },
      {
        id: 'consent',
        label: t('groups.members.columns.consent'),
        cell: (m) => (
          <span className="member-consents">
            {m.whatsapp && (
              <span data-testid="member-consent-whatsapp">
                {t('consent.kinds.whatsapp')} <ConsentStateBadge state={m.whatsapp_consent} />
              </span>
            )}
            {m.sms && (
              <span data-testid="member-consent-sms">
                {t('consent.kinds.sms')} <ConsentStateBadge state={m.sms_consent} />
              </span>
            )}
          </span>
        ),
      },
      {
        id: 'source',
        label: t('groups.members.columns.source'),
        cell: (m) => t(`groups.sources.${m.source}`, { defaultValue: m.source }),
      },
      {
        id: 'added_at',
        label: t('groups.members.columns.added'),
        cell: (m) => <time dateTime={m.added_at}>{formatDate(m.added_at)}</time>,
      },
    ],
    [t, formatDate],
  );

  const loadMore = useCallback(() => {
    if (members.hasNextPage && !members.isFetchingNextPage) void members.fetchNextPage();
  }, [members]);

  if (members.isPending) return <Spinner />;
  if (members.isError) return <ErrorAlert error={members.error} testId="members-error" />;
  if (rows.length === 0) {
    return (
      <p className="muted" data-testid="members-empty">
        {t('groups.members.empty')}
      </p>
    );
  }
  const selectedIds = selection.ids.map(Number);
  return (
    <div className="stack">
      {canWrite && selectedIds.length > 0 && (
        <div className="members-bulk" data-testid="members-bulk">
          <span>{t('groups.members.selected', { count: selectedIds.length })}</span>
          <ConfirmAction
            trigger={
              <>
                <UserMinus size={15} aria-hidden="true" />
                {t('groups.members.remove')}
              </>
            }
            triggerTestId="members-remove"
            confirmLabel={t('groups.members.removeConfirm', { count: selectedIds.length })}
            confirmTestId="members-remove-confirm"
            busy={remove.isPending}
            onOpen={() => remove.reset()}
            onConfirm={(done) =>
              remove.mutate(selectedIds, {
                onSuccess: () => setSelection(NO_SELECTION),
                onSettled: done,
              })
            }
          />
        </div>
      )}
      <ErrorAlert error={remove.error} testId="members-remove-error" />
      <DataTable
        rows={rows}
        columns={columns}
        getRowId={rowId}
        label={t('groups.members.title')}
        sort={null}
        onSortChange={noSort}
        layout={NO_LAYOUT}
        selection={canWrite ? selection : undefined}
        onSelectionChange={
          canWrite
            ? (s) => setSelection({ ids: s.allMatching ? rows.map(rowId) : s.ids, allMatching: false })
            : undefined
        }
        rowName={(m) => m.name}
        hasMore={!!members.hasNextPage}
        loadingMore={members.isFetchingNextPage}
        onLoadMore={loadMore}
        testId="members-table"
        rowTestId={(m) => `member-row-${m.contact_id}`}
      />
    </div>
  );
}
