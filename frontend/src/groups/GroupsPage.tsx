import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import type { Group } from '../api/groups';
import { useCan } from '../auth/session';
import { ConfirmAction } from '../ui/ConfirmAction';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { ResourceList, noItems } from '../ui/ResourceList';
import { GroupDialog } from './GroupDialog';
import { GroupKindBadge } from './GroupKindBadge';
import { useDeleteGroup, useGroups } from './queries';
import './groups.css';

/** The contact groups (newsletters) with their key figures. */
export function GroupsPage() {
  const { t, i18n } = useTranslation();
  const canWrite = useCan('groups:write');
  const groups = useGroups();
  const remove = useDeleteGroup();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');

  return (
    <div className="groups-screen">
      <PageHeader
        title={t('groups.title')}
        description={t('groups.description')}
        actions={
          canWrite && (
            <button
              type="button"
              className="button button-primary"
              data-testid="group-new"
              onClick={() => setEditing('new')}
            >
              <Plus size={16} aria-hidden="true" />
              {t('groups.create')}
            </button>
          )
        }
      />
      <div className="stack">
        <ErrorAlert error={remove.error} testId="group-delete-error" />
        <ResourceList query={groups} isEmpty={noItems} empty={t('groups.empty')} emptyTestId="groups-empty">
          {(items) => (
            <div className="table-wrap">
              <table className="table groups-table" data-testid="groups-table" aria-label={t('groups.title')}>
                <thead>
                  <tr>
                    <th scope="col">{t('groups.fields.name')}</th>
                    <th scope="col">{t('groups.fields.kind')}</th>
                    <th scope="col">{t('groups.fields.keyword')}</th>
                    <th scope="col" className="groups-col-description">
                      {t('groups.fields.description')}
                    </th>
                    <th scope="col" className="groups-col-figure">
                      {t('groups.reach.members')}
                    </th>
                    <th scope="col" className="groups-col-figure">
                      {t('groups.columns.reachable')}
                    </th>
                    {canWrite && (
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((g) => (
                    <tr key={g.id} data-testid={`group-row-${g.id}`}>
                      <td>
                        <Link to={`/groups/${g.id}`} className="group-link" data-testid="group-link">
                          {g.name}
                        </Link>
                      </td>
                      <td>
                        <GroupKindBadge kind={g.kind} />
                      </td>
                      <td>{g.keyword ? <code>{g.keyword}</code> : <span className="muted">—</span>}</td>
                      <td className="groups-col-description muted">{g.description}</td>
                      <td className="groups-col-figure" data-testid="group-members">
                        {number.format(g.reach.members)}
                      </td>
                      <td className="groups-col-figure" data-testid="group-reachable">
                        {reachableText(g, number, t)}
                      </td>
                      {canWrite && (
                        <td className="cell-actions">
                          <ConfirmAction
                            trigger={<Trash2 size={15} aria-hidden="true" />}
                            triggerLabel={t('groups.delete', { name: g.name })}
                            iconOnly
                            triggerTestId={`group-delete-${g.id}`}
                            confirmLabel={t('groups.deleteConfirm')}
                            confirmTestId={`group-delete-confirm-${g.id}`}
                            hint={t('groups.deleteHint')}
                            busy={remove.isPending}
                            onOpen={() => remove.reset()}
                            onConfirm={(done) => remove.mutate(g.id, { onSettled: done })}
                          >
                            <button
                              type="button"
                              className="button button-small button-ghost"
                              aria-label={t('groups.editNamed', { name: g.name })}
                              title={t('groups.editNamed', { name: g.name })}
                              data-testid={`group-edit-${g.id}`}
                              onClick={() => setEditing(g)}
                            >
                              <Pencil size={15} aria-hidden="true" />
                            </button>
                          </ConfirmAction>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ResourceList>
      </div>
      {editing !== null && <GroupDialog group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

/** The figure that matters for the group's kind: reachable by SMS, on WhatsApp, or (multichannel) both. */
function reachableText(g: Group, number: Intl.NumberFormat, t: TFunction): string {
  const { reach } = g;
  if (g.kind === 'sms') return t('groups.columns.reachableSms', { n: number.format(reach.sms_reachable) });
  if (g.kind === 'whatsapp') {
    return t('groups.columns.reachableWhatsapp', { n: number.format(reach.whatsapp_reachable) });
  }
  return t('groups.columns.reachableBoth', {
    sms: number.format(reach.sms_reachable),
    whatsapp: number.format(reach.whatsapp_reachable),
  });
}
