import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  RealtimeConnection,
  realtimeURL,
  type ClientMessage,
  type ConnectionStatus,
  type OpenInfo,
  type ServerEvent,
} from './connection';
import { PresenceStore, type PresenceSignal, type PresentUser } from './presence';

interface Realtime {
  connection: RealtimeConnection;
  presence: PresenceStore;
}

const RealtimeContext = createContext<Realtime | null>(null);

/** Test hook: lets browser tests cut the connection and bring it back. */
interface RealtimeTestHook {
  pause(): void;
  resume(): void;
  status(): ConnectionStatus;
}

declare global {
  interface Window {
    __switchboardRealtime?: RealtimeTestHook;
  }
}

interface RealtimeProviderProps {
  /** The signed-in user, whose own typing and presence signals are ignored. */
  selfUserId: number;
  children: ReactNode;
  /** For tests: how the connection is made. */
  createConnection?: () => RealtimeConnection;
}

/** Keeps the tab's one realtime connection open while signed in. */
export function RealtimeProvider({ selfUserId, children, createConnection }: RealtimeProviderProps) {
  const [realtime] = useState<Realtime>(() => ({
    connection: createConnection?.() ?? new RealtimeConnection({ url: realtimeURL() }),
    presence: new PresenceStore(selfUserId),
  }));

  useEffect(() => {
    const { connection, presence } = realtime;
    const off = connection.onEvent((event) => {
      if (event.type === 'typing') presence.receive('typing', event.data as PresenceSignal);
      else if (event.type === 'presence' && (event.data as PresenceSignal)?.state === 'viewing') {
        presence.receive('viewing', event.data as PresenceSignal);
      }
    });
    const online = () => connection.reconnectNow();
    const offline = () => connection.networkLost();
    const visible = () => {
      if (document.visibilityState === 'visible') connection.reconnectNow();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    window.__switchboardRealtime = {
      pause: () => connection.pause(),
      resume: () => connection.resume(),
      status: () => connection.status,
    };
    connection.start();
    return () => {
      off();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
      delete window.__switchboardRealtime;
      connection.stop();
      presence.clear();
    };
  }, [realtime]);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

function useRealtimeContext(): Realtime | null {
  return useContext(RealtimeContext);
}

/** Calls handler for every server event (the latest handler; no resubscribing). */
export function useRealtimeEvent(handler: (event: ServerEvent) => void): void {
  const realtime = useRealtimeContext();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => realtime?.connection.onEvent((event) => ref.current(event)), [realtime]);
}

/** Calls handler each time the socket (re)opens; catch up there. */
export function useRealtimeOpen(handler: (info: OpenInfo) => void): void {
  const realtime = useRealtimeContext();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => realtime?.connection.onOpen((info) => ref.current(info)), [realtime]);
}

const noSubscribe = () => () => {};

export function useRealtimeStatus(): ConnectionStatus {
  const realtime = useRealtimeContext();
  return useSyncExternalStore(
    realtime ? (fn) => realtime.connection.onStatus(fn) : noSubscribe,
    () => realtime?.connection.status ?? 'stopped',
  );
}

/** Sends a message over the socket; false when it is not connected. */
export function useRealtimeSend(): (message: ClientMessage) => boolean {
  const realtime = useRealtimeContext();
  return (message) => realtime?.connection.send(message) ?? false;
}

const NOBODY: PresentUser[] = [];

/** Other users typing in the conversation right now. */
export function useTypingUsers(conversationId: number | null): PresentUser[] {
  const presence = useRealtimeContext()?.presence;
  return useSyncExternalStore(presence?.subscribe ?? noSubscribe, () =>
    presence && conversationId ? presence.typing(conversationId) : NOBODY,
  );
}

/** Other users who have the conversation open. */
export function useViewingUsers(conversationId: number | null): PresentUser[] {
  const presence = useRealtimeContext()?.presence;
  return useSyncExternalStore(presence?.subscribe ?? noSubscribe, () =>
    presence && conversationId ? presence.viewing(conversationId) : NOBODY,
  );
}

/** The presence store, to clear a typist whose message just arrived. */
export function usePresenceStore(): PresenceStore | null {
  return useRealtimeContext()?.presence ?? null;
}
