import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import Notice from './Notice.svelte';

// jsdom has no layout: the test plays the browser's part and says whether the
// message is in view.
let report: (visible: boolean) => void = () => {};
class FakeObserver {
  constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
    report = (visible) => callback([{ isIntersecting: visible }]);
  }
  observe() {}
  disconnect() {}
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('IntersectionObserver', FakeObserver);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const floating = () => document.querySelector('[data-floating]');

describe('Notice', () => {
  it('floats a copy at the foot of the window while the message is out of view', () => {
    render(Notice, { kind: 'error', text: 'Beløbet er for stort.' });
    expect(screen.getByRole('alert').textContent).toBe('Beløbet er for stort.');
    expect(floating()).toBeNull();
    report(false);
    flushSync();
    expect(floating()?.textContent).toBe('Beløbet er for stort.');
    expect(floating()?.getAttribute('aria-hidden')).toBe('true');
    // Scrolled to: the copy goes.
    report(true);
    flushSync();
    expect(floating()).toBeNull();
  });

  it('lets a confirmation float only for a glance', () => {
    render(Notice, { kind: 'ok', text: 'Gemt.' });
    report(false);
    flushSync();
    expect(floating()).not.toBeNull();
    vi.advanceTimersByTime(6500);
    flushSync();
    expect(floating()).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Gemt.');
  });

  it('shows nothing without a text', () => {
    render(Notice, { kind: 'error', text: '' });
    report(false);
    flushSync();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(floating()).toBeNull();
  });
});
