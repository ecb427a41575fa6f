import { useId } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PRESENCE_STATUSES, type PresenceStatus } from '../api/routing';
import { useSession } from '../auth/session';
import { useRealtimeEvent, useRealtimeOpen } from '../realtime/RealtimeProvider';
import { useErrorMessage } from '../ui/errors';
import { PresenceDot } from './PresenceDot';
import { applyPresence, presenceKey, presenceOfEvent, useMyPresence, useSetMyPresence } from './queries';
import './presence.css';

/**
 * The agent's own status in the header: online takes conversations, busy
 * takes none automatically, offline is away. Follows the server's word on it
 * (a lost connection counts as offline there).
 */
export function PresenceSelector() {
  const { t } = useTranslation();
  const me = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const status = useMyPresence(me.user.id);
  const setStatus = useSetMyPresence();
  const errorMessage = useErrorMessage();

  useRealtimeEvent((event) => {
    const presence = presenceOfEvent(event);
    if (presence) applyPresence(queryClient, presence);
  });
  // After a (re)connect the server may have announced changes this tab missed.
  useRealtimeOpen(() => void queryClient.invalidateQueries({ queryKey: presenceKey }));

  const shown: PresenceStatus = setStatus.isPending ? setStatus.variables : (status ?? 'offline');
  const error = setStatus.error ? errorMessage(setStatus.error) : undefined;

  return (
    <div className="presence-selector" data-testid="presence-selector" data-status={status ?? 'unknown'}>
      <PresenceDot status={shown} testId="presence-own-dot" />
      <label className="visually-hidden" htmlFor={id}>
        {t('presence.label')}
      </label>
      <select
        id={id}
        className="presence-select"
        data-testid="presence-select"
        value={shown}
        disabled={status === undefined || setStatus.isPending}
        title={error ?? t('presence.hint')}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setStatus.mutate(e.target.value as PresenceStatus)}
      >
        {PRESENCE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`presence.status.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
