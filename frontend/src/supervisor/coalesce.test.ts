import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

afterEach(() => vi.useRealTimers());

describe('coalesce', () => {
  it('runs once for a burst, waitMs after its first call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const c = coalesce(fn, 300);
    c.call();
    vi.advanceTimersByTime(200);
    c.call();
    c.call();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(1);
    c.call();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('can be cancelled', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const c = coalesce(fn, 300);
    c.call();
    c.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
