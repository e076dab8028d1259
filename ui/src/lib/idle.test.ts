import { afterEach, describe, expect, it, vi } from 'vitest';
import { startIdleWatch } from './idle';

afterEach(() => vi.useRealTimers());

describe('startIdleWatch (R29 idle lock)', () => {
  it('fires after the minutes without use, and use restarts the clock', () => {
    vi.useFakeTimers();
    const onidle = vi.fn();
    const stop = startIdleWatch(10, onidle);
    vi.advanceTimersByTime(9 * 60_000);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(9 * 60_000);
    expect(onidle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_001);
    expect(onidle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops watching when asked', () => {
    vi.useFakeTimers();
    const onidle = vi.fn();
    startIdleWatch(1, onidle)();
    vi.advanceTimersByTime(120_000);
    expect(onidle).not.toHaveBeenCalled();
  });
});
