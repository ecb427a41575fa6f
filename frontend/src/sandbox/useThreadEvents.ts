import { useRealtimeEvent, useRealtimeOpen } from '../realtime/RealtimeProvider';
import type { ServerEvent } from '../realtime/connection';

const MESSAGE_EVENTS = new Set(['message.created', 'message.updated']);

/** Whether a realtime event says a message of the channel appeared or changed. */
export function touchesChannel(event: ServerEvent, channelId: number): boolean {
  // "resync": the server may have missed events; refetch to be safe.
  if (event.type === 'resync') return true;
  if (!MESSAGE_EVENTS.has(event.type)) return false;
  const data = event.data as { channel_id?: unknown } | null | undefined;
  return data?.channel_id === channelId;
}

/**
 * Calls onChange whenever a message of the channel is created or updated,
 * and after the tab's realtime connection comes back (events sent meanwhile
 * are not replayed).
 */
export function useThreadEvents(channelId: number | undefined, onChange: () => void) {
  useRealtimeEvent((event) => {
    if (channelId !== undefined && touchesChannel(event, channelId)) onChange();
  });
  useRealtimeOpen((info) => {
    if (info.reconnect) onChange();
  });
}
