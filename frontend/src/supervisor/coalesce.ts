/**
 * Runs fn once, waitMs after the first of a burst of calls: a flood of
 * events costs one refetch, and the first change still shows within waitMs
 * (a debounce that restarts on every call could wait forever under load).
 */
export function coalesce(fn: () => void, waitMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    call() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, waitMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
