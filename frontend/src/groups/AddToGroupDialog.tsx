import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberTarget } from '../api/groups';
import type { ID } from '../api/types';
import { Dialog } from '../templates/Dialog';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FormActions } from '../ui/FormActions';
import { Spinner } from '../ui/Spinner';
import { GroupKindBadge } from './GroupKindBadge';
import { useAddMembersTo, useGroups } from './queries';
import './groups.css';

interface AddToGroupDialogProps {
  /** How many contacts are selected; null: every contact the filter matches. */
  count: number | null;
  target: MemberTarget;
  onClose: () => void;
}

/** Picks one of the account's groups and adds the contacts to it; says how many joined. */
export function AddToGroupDialog({ count, target, onClose }: AddToGroupDialogProps) {
  const { t } = useTranslation();
  const groups = useGroups();
  const add = useAddMembersTo();
  const [groupId, setGroupId] = useState<ID | null>(null);
  const chosen = groups.data?.find((g) => g.id === groupId);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (groupId !== null) add.mutate({ groupId, target });
  }

  return (
    <Dialog title={t('groups.addTo.title')} onClose={onClose} testId="add-to-group-dialog">
      <form className="dialog-form" onSubmit={submit}>
        <p className="muted" data-testid="add-to-group-who">
          {count === null ? t('groups.addTo.whoAll') : t('groups.addTo.whoSelected', { count })}
        </p>
        {groups.isPending ? (
          <Spinner />
        ) : groups.isError ? (
          <ErrorAlert error={groups.error} />
        ) : groups.data.length === 0 ? (
          <p className="muted" data-testid="add-to-group-none">
            {t('groups.addTo.none')}
          </p>
        ) : (
          <fieldset className="group-choice">
            <legend className="visually-hidden">{t('groups.addTo.groups')}</legend>
            <ul className="pick-list">
              {groups.data.map((g) => (
                <li key={g.id}>
                  <label className="pick-item">
                    <input
                      type="radio"
                      name="group"
                      data-testid={`add-to-group-${g.id}`}
                      checked={groupId === g.id}
                      onChange={() => {
                        setGroupId(g.id);
                        add.reset();
                      }}
                    />
                    <span className="pick-name">{g.name}</span>
                    <GroupKindBadge kind={g.kind} />
                    <span className="muted">{t('groups.addTo.memberCount', { count: g.reach.members })}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {add.isSuccess && chosen && (
          <Alert tone="success" testId="add-to-group-result">
            {t('groups.addTo.done', { count: add.data.affected, name: chosen.name })} {t('groups.addTo.doneHint')}
          </Alert>
        )}
        <ErrorAlert error={add.error} testId="add-to-group-error" />
        {add.isSuccess ? (
          <div className="form-actions">
            <button type="button" className="button button-primary" data-testid="add-to-group-close" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        ) : (
          <FormActions
            onCancel={onClose}
            pending={add.isPending}
            disabled={groupId === null}
            pendingLabel={t('groups.members.adding')}
            submitLabel={t('groups.addTo.submit')}
            submitTestId="add-to-group-submit"
          />
        )}
      </form>
    </Dialog>
  );
}
