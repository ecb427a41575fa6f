import type { ReactNode } from 'react';
import { hasPermissions, useSession } from '../auth/session';
import { InboxLive } from '../inbox/InboxLive';
import { RealtimeProvider } from '../realtime/RealtimeProvider';

/**
 * The signed-in app's live side: one realtime connection per tab, and the
 * inbox's background work (cache updates, catch-up, alerts) for those who
 * read conversations, whichever page is open.
 */
export function LiveSession({ children }: { children: ReactNode }) {
  const me = useSession();
  return (
    <RealtimeProvider selfUserId={me.user.id}>
      {hasPermissions(me, 'conversations:read') && <InboxLive />}
      {children}
    </RealtimeProvider>
  );
}
