import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../api/auth';
import { ApiError } from '../api/client';
import type { Me, Permission } from '../api/types';

/** Query key of the signed-in user (GET /api/me); null means signed out. */
export const meQueryKey = ['me'] as const;

/** GET /api/me, with "not signed in" as null rather than an error. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await authApi.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** The session as the server sees it: Me, null (signed out) or still loading. */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 });
}

/**
 * The signed-in user, provided by RequireAuth. Read from context rather than
 * the query so that pages never see the session vanish under them: on sign
 * out RequireAuth unmounts them first.
 */
export const SessionContext = createContext<Me | null>(null);

/** The signed-in user; only for components rendered inside RequireAuth. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession used outside a signed-in route');
  return me;
}

/** Whether me (a session, or none) holds every one of the given permissions. */
export function hasPermissions(me: Me | null | undefined, ...permissions: Permission[]): boolean {
  return !!me && permissions.every((p) => me.permissions.includes(p));
}

/** Whether the signed-in user holds every one of the given permissions. */
export function useCan(...permissions: Permission[]): boolean {
  return hasPermissions(useSession(), ...permissions);
}

/** Drops every cached query but the session itself, whose observers stay attached. */
function forgetUserData(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
  queryClient.getMutationCache().clear();
}

/** Marks the session ended and forgets everything cached for that user. */
export function endSession(queryClient: QueryClient) {
  queryClient.setQueryData(meQueryKey, null);
  forgetUserData(queryClient);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => authApi.login(email, password),
    onSuccess: async () => {
      forgetUserData(queryClient);
      await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 0 });
    },
  });
}

/** Signs out and goes to the sign-in page (without a page to return to). */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: authApi.logout,
    // Signed out locally even when the server call fails: the session may
    // already be gone there, and the user asked to leave.
    onSettled: () => {
      navigate('/login', { replace: true });
      endSession(queryClient);
    },
  });
}
