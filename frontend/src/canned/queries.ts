import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deskApi, type CannedResponseChange, type NewCannedResponse } from '../api/desk';
import type { ID } from '../api/types';

export const cannedKeys = {
  all: ['canned'] as const,
  list: ['canned', 'list'] as const,
  search: (q: string) => ['canned', 'search', q] as const,
};

const PAGE_SIZE = 100;
/** Results the composer's popup shows. */
export const POPUP_RESULTS = 8;

/** Every canned response, by shortcode, page by page. */
export function useCannedList() {
  return useInfiniteQuery({
    queryKey: cannedKeys.list,
    queryFn: ({ pageParam }) => deskApi.listCanned({ after: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

/** Canned responses matching what was typed after "/" (shortcode prefix first, then text). */
export function useCannedSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: cannedKeys.search(q),
    queryFn: () => deskApi.listCanned({ q, limit: POPUP_RESULTS }).then((res) => res.items),
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateCanned() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: cannedKeys.all });
}

export function useCreateCanned() {
  const invalidate = useInvalidateCanned();
  return useMutation({
    mutationFn: ({ canned, file }: { canned: NewCannedResponse; file?: File | null }) =>
      deskApi.createCanned(canned).then((created) => (file ? deskApi.setCannedAttachment(created.id, file) : created)),
    onSettled: invalidate,
  });
}

export function useUpdateCanned() {
  const invalidate = useInvalidateCanned();
  return useMutation({
    mutationFn: async ({
      id,
      change,
      file,
      removeFile,
    }: {
      id: ID;
      change: CannedResponseChange;
      file?: File | null;
      removeFile?: boolean;
    }) => {
      let result = await deskApi.updateCanned(id, change);
      if (file) result = await deskApi.setCannedAttachment(id, file);
      else if (removeFile) result = await deskApi.removeCannedAttachment(id);
      return result;
    },
    onSettled: invalidate,
  });
}

export function useDeleteCanned() {
  const invalidate = useInvalidateCanned();
  return useMutation({ mutationFn: (id: ID) => deskApi.deleteCanned(id), onSuccess: invalidate });
}
