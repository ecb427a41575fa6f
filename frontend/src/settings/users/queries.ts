import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { ID, NewUser, Page, User, UserChange } from '../../api/types';
import { usersApi } from '../../api/users';

export const usersQueryKey = ['users'] as const;
const PAGE_SIZE = 50;

/** All users of the account, page by page (keyset cursor in `next`). */
export function useUsers() {
  return useInfiniteQuery({
    queryKey: [...usersQueryKey, 'list'],
    queryFn: ({ pageParam }) => usersApi.list({ after: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: NewUser) => usersApi.create(user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: ID; change: UserChange }) => usersApi.update(id, change),
    onSuccess: (updated) => {
      // Put the server's answer in place at once, then reconcile.
      queryClient.setQueriesData<InfiniteData<Page<User>>>(
        { queryKey: [...usersQueryKey, 'list'] },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((user) => (user.id === updated.id ? updated : user)),
            })),
          },
      );
      return queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });
}
