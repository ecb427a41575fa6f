import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { Label } from '../../api/desk';
import { useCan } from '../../auth/session';
import { LabelChip } from '../../labels/LabelChip';
import { useCreateLabel, useDeleteLabel, useLabels, useUpdateLabel } from '../../labels/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Spinner } from '../../ui/Spinner';
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
      <div className="section-header">
        <div>
          <h2>{t('labels.title')}</h2>
          <p className="muted">{t('labels.description')}</p>
        </div>
        {canWrite && !creating && (
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
        )}
      </div>

      {creating && (
        <LabelForm
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={(label) => create.mutate(label, { onSuccess: () => setCreating(false) })}
        />
      )}
      <ErrorAlert error={remove.error} testId="label-delete-error" />

      {labels.isPending ? (
        <Spinner />
      ) : labels.isError ? (
        <ErrorAlert error={labels.error} />
      ) : labels.data.length === 0 ? (
        <p className="muted" data-testid="labels-empty">
          {t('labels.empty')}
        </p>
      ) : (
        <ul className="labels-list" data-testid="labels-list">
          {labels.data.map((label) =>
            editing === label.id ? (
              <li key={label.id}>
                <LabelForm
                  label={label}
                  pending={update.isPending}
                  error={update.error}
                  onCancel={() => setEditing(null)}
                  onSubmit={(change) => update.mutate({ id: label.id, change }, { onSuccess: () => setEditing(null) })}
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
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="labels-row" data-testid={`label-row-${label.name}`}>
      <LabelChip label={label} />
      <code className="muted labels-row-color">{label.color}</code>
      {canWrite && (
        <span className="inline-actions labels-row-actions">
          {confirming ? (
            <>
              <span className="muted">{t('labels.confirmDeleteHint')}</span>
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                disabled={deleting}
                data-testid="label-delete-confirm"
                onClick={onDelete}
              >
                {t('labels.confirmDelete')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button button-small" data-testid="label-edit" onClick={onEdit}>
                {t('labels.edit')}
              </button>
              <button
                type="button"
                className="button button-small"
                data-testid="label-delete"
                onClick={() => setConfirming(true)}
              >
                {t('labels.delete')}
              </button>
            </>
          )}
        </span>
      )}
    </li>
  );
}
