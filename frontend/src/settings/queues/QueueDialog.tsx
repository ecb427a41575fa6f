import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUE_MODES, type MemberInput, type Queue, type QueueMode } from '../../api/routing';
import { Dialog } from '../../templates/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { BusinessHoursEditor } from './BusinessHoursEditor';
import { draftFromHours, draftKeyOfField, hoursChange, hoursFromDraft, validateDraft, type HoursDraft } from './hours';
import { MembersEditor, capacityProblems } from './MembersEditor';
import { useRoutingAgents, useSaveQueue } from './queries';

const MAX_REPLY = 1000;

interface QueueDialogProps {
  /** The queue to edit; a new one when absent. */
  queue?: Queue;
  onClose: () => void;
  onSaved: (queue: Queue) => void;
}

function sameMembers(a: MemberInput[], b: MemberInput[]) {
  return a.length === b.length && a.every((m, i) => m.user_id === b[i]!.user_id && m.capacity === b[i]!.capacity);
}

/** Creates or edits a queue: name, assignment mode, business hours, out-of-hours reply and members. */
export function QueueDialog({ queue, onClose, onSaved }: QueueDialogProps) {
  const { t } = useTranslation();
  const agents = useRoutingAgents(true, { fresh: true });
  const save = useSaveQueue();
  // Set once a new queue exists, so that saving again changes it rather than creating another.
  const [saved, setSaved] = useState<Queue | null>(queue ?? null);
  const [name, setName] = useState(queue?.name ?? '');
  const [mode, setMode] = useState<QueueMode>(queue?.mode ?? 'auto');
  const [hours, setHours] = useState<HoursDraft>(() => draftFromHours(queue?.business_hours ?? null));
  const [reply, setReply] = useState(queue?.out_of_hours_reply ?? '');
  const [members, setMembers] = useState<MemberInput[]>(
    () => queue?.members.map(({ user_id, capacity }) => ({ user_id, capacity })) ?? [],
  );
  const [checked, setChecked] = useState(false);

  const server = fieldErrors(save.error);
  const hourProblems: Record<string, string> = checked ? { ...validateDraft(hours) } : {};
  for (const [field, message] of Object.entries(server)) {
    const key = draftKeyOfField(field);
    if (key) hourProblems[key] ??= message;
  }
  const memberProblems: Record<number, string> = {};
  if (checked) {
    for (const id of capacityProblems(members)) memberProblems[id] = t('routing.members.capacityRange');
  }
  const sentMembers = save.variables?.members ?? [];
  for (const [field, message] of Object.entries(server)) {
    const match = /^members\.(\d+)\./.exec(field);
    const member = match ? sentMembers[Number(match[1])] : undefined;
    if (member) memberProblems[member.user_id] ??= message;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(validateDraft(hours)).length > 0 || capacityProblems(members).length > 0) return;
    const before = saved?.business_hours ?? null;
    const details = {
      name: name.trim(),
      mode,
      out_of_hours_reply: reply.trim(),
      ...(saved ? hoursChange(before, hours) : { business_hours: hoursFromDraft(hours) ?? undefined }),
    };
    const previous = saved?.members.map(({ user_id, capacity }) => ({ user_id, capacity })) ?? [];
    save.mutate(
      {
        id: saved?.id ?? null,
        details,
        members: sameMembers(previous, members) ? undefined : members,
        onCreated: setSaved,
      },
      { onSuccess: onSaved },
    );
  }

  const title = queue ? t('routing.form.editTitle', { name: queue.name }) : t('routing.form.createTitle');
  return (
    <Dialog title={title} onClose={onClose} testId="queue-dialog" wide>
      <form className="dialog-form queue-form" onSubmit={submit} noValidate>
        <ErrorAlert
          error={save.error}
          testId="queue-form-error"
          formFields={Object.keys(server).filter(
            (f) =>
              f === 'name' || f === 'out_of_hours_reply' || f.startsWith('business_hours') || f.startsWith('members.'),
          )}
        />
        <Field label={t('routing.form.name')} error={server.name}>
          {(control) => (
            <input
              {...control}
              name="name"
              autoComplete="off"
              required
              maxLength={80}
              data-testid="queue-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="queue-modes" data-testid="queue-modes">
          <legend>{t('routing.form.mode')}</legend>
          {QUEUE_MODES.map((m) => (
            <label key={m} className={m === mode ? 'queue-mode selected' : 'queue-mode'}>
              <input
                type="radio"
                name="mode"
                value={m}
                data-testid={`queue-mode-${m}`}
                checked={m === mode}
                onChange={() => setMode(m)}
              />
              <span>
                <span className="queue-mode-title">{t(`routing.modes.${m}.title`)}</span>
                <span className="queue-mode-text">{t(`routing.modes.${m}.description`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <BusinessHoursEditor
          draft={hours}
          onChange={setHours}
          problems={hourProblems}
          timezoneError={server['business_hours.timezone']}
        />
        {hours.enabled && (
          <Field
            label={t('routing.form.outOfHoursReply')}
            hint={t('routing.form.outOfHoursHint')}
            error={server.out_of_hours_reply}
            optional
          >
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={MAX_REPLY}
                data-testid="queue-reply"
                value={reply}
                onChange={(e) => setReply(e.target.value)}
              />
            )}
          </Field>
        )}
        <MembersEditor
          agents={agents.data}
          agentsError={agents.error}
          members={members}
          onChange={setMembers}
          problems={memberProblems}
        />
        <FormActions
          onCancel={onClose}
          pending={save.isPending}
          pendingLabel={t('routing.form.saving')}
          submitLabel={saved ? t('routing.form.save') : t('routing.form.create')}
          submitTestId="queue-save"
        />
      </form>
    </Dialog>
  );
}
