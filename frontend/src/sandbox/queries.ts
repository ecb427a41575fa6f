import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sandboxApi, type PhoneImage, type PhoneLocation, type PhoneText } from '../api/sandbox';

export const sandboxQueryKey = ['sandbox'] as const;
const threadKey = (number: string) => [...sandboxQueryKey, 'thread', number] as const;

/** Fallback when the websocket is down: the thread is refetched this often. */
export const THREAD_POLL_MS = 5_000;

export function useSandboxInfo() {
  return useQuery({ queryKey: [...sandboxQueryKey, 'info'], queryFn: sandboxApi.info, staleTime: 60_000 });
}

/** The thread of one customer number; null number (not yet valid) fetches nothing. */
export function useSandboxThread(number: string | null) {
  return useQuery({
    queryKey: threadKey(number ?? ''),
    queryFn: ({ signal }) => sandboxApi.thread(number!, signal).then((res) => res.items),
    enabled: number !== null,
    staleTime: 0,
    refetchInterval: THREAD_POLL_MS,
  });
}

/** Refetches every thread the page shows (after a realtime event). */
export function useRefreshThreads() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [...sandboxQueryKey, 'thread'] });
}

export type PhoneOutgoing = PhoneText | PhoneLocation | (PhoneImage & { type: 'image' });

export function useSendFromPhone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: PhoneOutgoing) =>
      message.type === 'image' ? sandboxApi.sendImage(message) : sandboxApi.send(message),
    onSuccess: (_sent, message) => queryClient.invalidateQueries({ queryKey: threadKey(message.from) }),
  });
}

export function useReportRead() {
  return useMutation({ mutationFn: (number: string) => sandboxApi.read(number) });
}
