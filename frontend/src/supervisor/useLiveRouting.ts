import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ServerEvent } from '../realtime/connection';
import { useRealtimeEvent, useRealtimeOpen } from '../realtime/RealtimeProvider';
import { coalesce } from './coalesce';
import { consoleKeys } from './queries';

/** How long the console gathers events before it refetches. */
export const REFRESH_WAIT_MS = 300;

/** Events that change queue counts or agent load. Viewing signals ("presence" with a state) do not. */
export function changesLoad(event: ServerEvent): boolean {
  if (event.type === 'conversation.created' || event.type === 'conversation.updated') return true;
  return event.type === 'presence' && !(event.data as { state?: string } | null)?.state;
}

/** Keeps the console's overview and lists current: refetched shortly after each burst of changes. */
export function useLiveRouting() {
  const queryClient = useQueryClient();
  const [refresh] = useState(() =>
    coalesce(() => {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.overview });
      void queryClient.invalidateQueries({ queryKey: consoleKeys.lists });
    }, REFRESH_WAIT_MS),
  );
  useEffect(() => () => refresh.cancel(), [refresh]);
  useRealtimeEvent((event) => {
    if (changesLoad(event)) refresh.call();
  });
  // Events sent before the socket (re)opened are not replayed.
  useRealtimeOpen(() => refresh.call());
}
