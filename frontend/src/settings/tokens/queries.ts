import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ID, NewApiToken } from '../../api/types';
import { tokensApi } from '../../api/tokens';

export const tokensQueryKey = ['tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: tokensQueryKey, queryFn: () => tokensApi.list().then((res) => res.items) });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: NewApiToken) => tokensApi.create(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => tokensApi.revoke(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}
