import { useTranslation } from 'react-i18next';
import { MAX_CAPACITY, MIN_CAPACITY, type MemberInput, type RoutingAgent } from '../../api/routing';
import type { Role } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Spinner } from '../../ui/Spinner';

interface MembersEditorProps {
  agents: RoutingAgent[] | undefined;
  agentsError: unknown;
  members: MemberInput[];
  onChange: (members: MemberInput[]) => void;
  /** Problems keyed by user id, from the local check or the server. */
  problems: Record<number, string>;
}

export const DEFAULT_CAPACITY = 5;

/** Which agents a capacity is wrong for (not a whole number from 1 to 1000). */
export function capacityProblems(members: MemberInput[]): number[] {
  return members
    .filter((m) => !Number.isInteger(m.capacity) || m.capacity < MIN_CAPACITY || m.capacity > MAX_CAPACITY)
    .map((m) => m.user_id);
}

/**
 * The queue's team: a check box per agent and how many open conversations
 * each takes at most. Members are taken in round robin in the order they joined.
 */
export function MembersEditor({ agents, agentsError, members, onChange, problems }: MembersEditorProps) {
  const { t } = useTranslation();
  if (agentsError) return <ErrorAlert error={agentsError} />;
  if (!agents) return <Spinner />;

  const byId = new Map(members.map((m) => [m.user_id, m]));
  // Members first, in their round-robin order; then everyone else.
  const rows = [
    ...members.map(
      (m) =>
        agents.find((a) => a.id === m.user_id) ?? { id: m.user_id, name: `#${m.user_id}`, role: '', extension: null },
    ),
    ...agents.filter((a) => !byId.has(a.id)),
  ];

  return (
    <fieldset className="members-editor" data-testid="members-editor">
      <legend>{t('routing.members.title')}</legend>
      <p className="field-hint">{t('routing.members.hint')}</p>
      {rows.length === 0 ? (
        <p className="muted">{t('routing.members.noAgents')}</p>
      ) : (
        <ul className="members-list">
          {rows.map((agent) => {
            const member = byId.get(agent.id);
            const problem = problems[agent.id];
            return (
              <li
                key={agent.id}
                className={member ? 'members-row selected' : 'members-row'}
                data-testid="member-row"
                data-user-id={agent.id}
              >
                <label className="members-who">
                  <input
                    type="checkbox"
                    data-testid="member-toggle"
                    checked={!!member}
                    onChange={(e) =>
                      onChange(
                        e.target.checked
                          ? [...members, { user_id: agent.id, capacity: DEFAULT_CAPACITY }]
                          : members.filter((m) => m.user_id !== agent.id),
                      )
                    }
                  />
                  <span className="members-name">{agent.name}</span>
                  <span className="members-meta muted">
                    {agent.role ? t(`roles.${agent.role as Role}`) : ''}
                    {agent.extension ? ` · ${t('routing.members.extension', { extension: agent.extension })}` : ''}
                  </span>
                </label>
                <label className="members-capacity">
                  <span>{t('routing.members.capacity')}</span>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={MIN_CAPACITY}
                    max={MAX_CAPACITY}
                    step={1}
                    data-testid="member-capacity"
                    disabled={!member}
                    value={member ? (Number.isNaN(member.capacity) ? '' : member.capacity) : ''}
                    aria-invalid={problem ? true : undefined}
                    onChange={(e) =>
                      onChange(
                        members.map((m) =>
                          m.user_id === agent.id
                            ? { ...m, capacity: e.target.value === '' ? NaN : Number(e.target.value) }
                            : m,
                        ),
                      )
                    }
                  />
                </label>
                {problem && <p className="field-error members-problem">{problem}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
