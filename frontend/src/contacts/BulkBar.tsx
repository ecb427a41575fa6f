import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Download, Merge, Tag, UsersRound } from 'lucide-react';
import { exportURL, type BulkAction, type BulkTarget } from '../api/contacts';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { AddToGroupDialog } from '../groups/AddToGroupDialog';
import { useLabels } from '../labels/queries';
import { Alert } from '../ui/Alert';
import { ConfirmAction } from '../ui/ConfirmAction';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useBulkContacts } from './queries';

interface BulkBarProps {
  /** How many are selected; null means "all matching the filter". */
  count: number | null;
  target: BulkTarget;
  exportColumns: string[];
  /** Two contacts are selected: they can be merged. */
  onMerge?: () => void;
  onDone: () => void;
}

/** Actions on the selected contacts, or on every contact the filter matches. */
export function BulkBar({ count, target, exportColumns, onMerge, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const canDelete = useCan('contacts:delete');
  const canExport = useCan('contacts:export');
  const canLabel = useCan('labels:apply');
  const canGroup = useCan('groups:write');
  const [groupOpen, setGroupOpen] = useState(false);
  const labels = useLabels(canLabel);
  const bulk = useBulkContacts();
  const [labelId, setLabelId] = useState<ID | null>(null);
  const [affected, setAffected] = useState<number | null>(null);

  const run = (action: BulkAction, extra?: ID) =>
    bulk.mutate(
      { action, target, labelId: extra },
      {
        onSuccess: (res) => {
          setAffected(res.affected);
          if (action === 'delete') onDone();
        },
      },
    );

  const simple: [BulkAction, string][] = [
    ['activate', t('contacts.bulk.activate')],
    ['deactivate', t('contacts.bulk.deactivate')],
    ['block', t('contacts.bulk.block')],
    ['unblock', t('contacts.bulk.unblock')],
  ];

  return (
    <div className="contacts-bulk" role="region" aria-label={t('contacts.bulk.title')} data-testid="bulk-bar">
      <strong>{count === null ? t('contacts.bulk.allMatching') : t('contacts.bulk.selected', { count })}</strong>
      {canLabel && (
        <span className="inline-actions contacts-bulk-label">
          <select
            className="select-compact"
            aria-label={t('contacts.bulk.labelChoose')}
            data-testid="bulk-label-select"
            value={labelId ?? ''}
            onChange={(e) => setLabelId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t('contacts.bulk.labelChoose')}</option>
            {labels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            disabled={labelId === null || bulk.isPending}
            data-testid="bulk-label"
            onClick={() => labelId !== null && run('label', labelId)}
          >
            <Tag size={14} aria-hidden="true" />
            {t('contacts.bulk.label')}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={labelId === null || bulk.isPending}
            data-testid="bulk-unlabel"
            onClick={() => labelId !== null && run('unlabel', labelId)}
          >
            {t('contacts.bulk.unlabel')}
          </button>
        </span>
      )}
      {simple.map(([action, text]) => (
        <button
          key={action}
          type="button"
          className="button button-small"
          disabled={bulk.isPending}
          data-testid={`bulk-${action}`}
          onClick={() => run(action)}
        >
          {text}
        </button>
      ))}
      {onMerge && (
        <button type="button" className="button button-small" data-testid="bulk-merge" onClick={onMerge}>
          <Merge size={14} aria-hidden="true" />
          {t('contacts.bulk.merge')}
        </button>
      )}
      {canGroup && (
        <button
          type="button"
          className="button button-small"
          data-testid="bulk-add-to-group"
          onClick={() => setGroupOpen(true)}
        >
          <UsersRound size={14} aria-hidden="true" />
          {t('contacts.bulk.addToGroup')}
        </button>
      )}
      {canExport && (
        <>
          <a
            className="button button-small"
            href={exportURL('csv', exportColumns, target)}
            download
            data-testid="bulk-export-csv"
          >
            <Download size={14} aria-hidden="true" />
            {t('contacts.export.csv')}
          </a>
          <a
            className="button button-small"
            href={exportURL('xlsx', exportColumns, target)}
            download
            data-testid="bulk-export-xlsx"
          >
            <Download size={14} aria-hidden="true" />
            {t('contacts.export.xlsx')}
          </a>
        </>
      )}
      {canDelete && (
        <ConfirmAction
          trigger={t('contacts.bulk.delete')}
          triggerTestId="bulk-delete"
          confirmLabel={t('contacts.bulk.deleteConfirm')}
          confirmTestId="bulk-delete-confirm"
          hint={count === null ? t('contacts.bulk.deleteHintAll') : t('contacts.bulk.deleteHint', { count })}
          busy={bulk.isPending}
          onConfirm={(done) => {
            run('delete');
            done();
          }}
        />
      )}
      {affected !== null && !bulk.isPending && (
        <Alert tone="success" testId="bulk-result">
          {t('contacts.bulk.affected', { count: affected })}
        </Alert>
      )}
      <ErrorAlert error={bulk.error} testId="bulk-error" />
      {groupOpen && (
        <AddToGroupDialog
          count={count}
          target={'ids' in target ? { contact_ids: target.ids } : { filter: target.filter }}
          onClose={() => setGroupOpen(false)}
        />
      )}
    </div>
  );
}
