import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ArrowLeft, Download, Filter, Pencil, Upload, UserPlus } from 'lucide-react';
import { membersExportURL } from '../api/groups';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { ImportProgress } from '../contacts/ImportProgress';
import { ImportWizard } from '../contacts/ImportWizard';
import { useDateTimeFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { ResourceList, noItems } from '../ui/ResourceList';
import { SectionHeader } from '../ui/SectionHeader';
import { Spinner } from '../ui/Spinner';
import { AddByFilterDialog } from './AddByFilterDialog';
import { AddMembersDialog } from './AddMembersDialog';
import { GroupDialog } from './GroupDialog';
import { GroupKindBadge } from './GroupKindBadge';
import { MembersTable } from './MembersTable';
import { ReachCards } from './ReachCards';
import { useGroup, useGroupHistory } from './queries';
import './groups.css';

/** One group: its figures (blocks A–D by kind), members and membership history. */
export function GroupDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().groupId);
  const canWrite = useCan('groups:write');
  // An import into the group changes its members: it needs both.
  const canImport = useCan('groups:write', 'contacts:import');
  const canExport = useCan('contacts:export');
  const group = useGroup(id);
  const [open, setOpen] = useState<'edit' | 'add' | 'filter' | 'import' | null>(null);
  const [importId, setImportId] = useState<ID | null>(null);

  if (group.isPending) return <Spinner />;
  if (group.isError) return <ErrorAlert error={group.error} testId="group-error" />;
  const g = group.data;
  return (
    <div className="groups-screen">
      <Link to="/groups" className="group-back">
        <ArrowLeft size={15} aria-hidden="true" />
        {t('groups.back')}
      </Link>
      <PageHeader
        title={g.name}
        description={g.description || undefined}
        actions={
          canWrite && (
            <>
              <button type="button" className="button" data-testid="group-edit" onClick={() => setOpen('edit')}>
                <Pencil size={16} aria-hidden="true" />
                {t('groups.edit')}
              </button>
              <button
                type="button"
                className="button button-primary"
                data-testid="members-add"
                onClick={() => setOpen('add')}
              >
                <UserPlus size={16} aria-hidden="true" />
                {t('groups.members.add')}
              </button>
            </>
          )
        }
      />
      <div className="stack">
        <p className="group-meta">
          <GroupKindBadge kind={g.kind} />
          {g.keyword && <span data-testid="group-keyword-info">{t('groups.keywordInfo', { keyword: g.keyword })}</span>}
        </p>
        <ReachCards kind={g.kind} reach={g.reach} />
        {importId !== null && <ImportProgress id={importId} onDismiss={() => setImportId(null)} />}
        <section aria-labelledby="group-members-title">
          <SectionHeader
            title={t('groups.members.title')}
            titleId="group-members-title"
            action={
              (canWrite || canImport || canExport) && (
                <div className="members-actions">
                  {canWrite && (
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="members-add-filter"
                      onClick={() => setOpen('filter')}
                    >
                      <Filter size={14} aria-hidden="true" />
                      {t('groups.members.addByFilter')}
                    </button>
                  )}
                  {canImport && (
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="members-import"
                      onClick={() => setOpen('import')}
                    >
                      <Upload size={14} aria-hidden="true" />
                      {t('groups.members.import')}
                    </button>
                  )}
                  {canExport && (
                    <>
                      <a
                        className="button button-small"
                        href={membersExportURL(id, 'csv')}
                        download
                        data-testid="members-export-csv"
                      >
                        <Download size={14} aria-hidden="true" />
                        {t('groups.members.exportCsv')}
                      </a>
                      <a
                        className="button button-small"
                        href={membersExportURL(id, 'xlsx')}
                        download
                        data-testid="members-export-xlsx"
                      >
                        <Download size={14} aria-hidden="true" />
                        {t('groups.members.exportXlsx')}
                      </a>
                    </>
                  )}
                </div>
              )
            }
          />
          <MembersTable groupId={id} />
        </section>
        <section aria-labelledby="group-history-title">
          <SectionHeader title={t('groups.history.title')} titleId="group-history-title" />
          <GroupHistory groupId={id} />
        </section>
      </div>
      {open === 'edit' && <GroupDialog group={g} onClose={() => setOpen(null)} />}
      {open === 'add' && <AddMembersDialog groupId={id} onClose={() => setOpen(null)} />}
      {open === 'filter' && <AddByFilterDialog groupId={id} onClose={() => setOpen(null)} />}
      {open === 'import' && (
        <ImportWizard
          groupId={id}
          groupName={g.name}
          onClose={() => setOpen(null)}
          onStarted={(started) => {
            setImportId(started);
            setOpen(null);
          }}
        />
      )}
    </div>
  );
}

function GroupHistory({ groupId }: { groupId: number }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const history = useGroupHistory(groupId);
  return (
    <ResourceList query={history} isEmpty={noItems} empty={t('groups.history.empty')} emptyTestId="group-history-empty">
      {(items) => (
        <ol className="group-history" data-testid="group-history">
          {items.map((e) => (
            <li key={e.id} data-testid="group-history-entry">
              <time className="muted" dateTime={e.at}>
                {formatDate(e.at)}
              </time>
              <span>
                {t(`groups.history.${e.action}`, {
                  name: e.contact_name || `#${e.contact_id}`,
                  source: t(`groups.sources.${e.source}`, { defaultValue: e.source }),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </ResourceList>
  );
}
