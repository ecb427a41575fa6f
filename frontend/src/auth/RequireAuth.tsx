import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageError, FullPageSpinner } from '../shell/FullPage';
import { SessionContext, useMe } from './session';

/** Renders its children for a signed-in user and sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
