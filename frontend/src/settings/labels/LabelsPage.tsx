import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { Label } from '../../api/desk';
import { useCan } from '../../auth/session';
import { LabelChip } from '../../labels/LabelChip';
import { useCreateLabel, useDeleteLabel, useLabels, useUpdateLabel } from '../../labels/queries';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { LabelForm } from './LabelForm';
import './labelsPage.css';

/** Settings → Labels: the account's labels with their colours. */
export function LabelsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('labels:write');
  const labels = useLabels();
  const create = useCreateLabel();
  const update = useUpdateLabel();
  const remove = useDeleteLabel();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);

  return (
    <div className="stack">
      <SectionHeader
        title={t('labels.title')}
        description={t('labels.description')}
        action={
          canWrite &&
          !creating && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-label"
              onClick={() => {
                create.reset();
                setCreating(true);
                setEditing(null);
              }}
            >
              <Plus size={16} aria-hidden="true" />
              {t('labels.create')}
            </button>
          )
        }
      />

      {creating && (
        <LabelForm
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={(label) => create.mutate(label, { onSuccess: () => setCreating(false) })}
        />
      )}
      <ErrorAlert error={remove.error} testId="label-delete-error" />

      <ResourceList query={labels} isEmpty={noItems} empty={t('labels.empty')} emptyTestId="labels-empty">
        {(items) => (
          <ul className="labels-list" data-testid="labels-list">
            {items.map((label) =>
              editing === label.id ? (
                <li key={label.id}>
                  <LabelForm
                    label={label}
                    pending={update.isPending}
                    error={update.error}
                    onCancel={() => setEditing(null)}
                    onSubmit={(change) =>
                      update.mutate({ id: label.id, change }, { onSuccess: () => setEditing(null) })
                    }
                  />
                </li>
              ) : (
                <LabelRow
                  key={label.id}
                  label={label}
                  canWrite={canWrite}
                  deleting={remove.isPending && remove.variables === label.id}
                  onEdit={() => {
                    update.reset();
                    setEditing(label.id);
                    setCreating(false);
                  }}
                  onDelete={() => remove.mutate(label.id)}
                />
              ),
            )}
          </ul>
        )}
      </ResourceList>
    </div>
  );
}

interface LabelRowProps {
  label: Label;
  canWrite: boolean;
  deleting: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function LabelRow({ label, canWrite, deleting, onEdit, onDelete }: LabelRowProps) {
  const { t } = useTranslation();
  return (
    <li className="labels-row" data-testid={`label-row-${label.name}`}>
      <LabelChip label={label} />
      <code className="muted labels-row-color">{label.color}</code>
      {canWrite && (
        <ConfirmAction
          className="labels-row-actions"
          trigger={t('labels.delete')}
          triggerTestId="label-delete"
          confirmLabel={t('labels.confirmDelete')}
          confirmTestId="label-delete-confirm"
          hint={t('labels.confirmDeleteHint')}
          busy={deleting}
          onConfirm={onDelete}
        >
          <button type="button" className="button button-small" data-testid="label-edit" onClick={onEdit}>
            {t('labels.edit')}
          </button>
        </ConfirmAction>
      )}
    </li>
  );
}
