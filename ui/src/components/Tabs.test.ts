import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import Tabs from './Tabs.svelte';

afterEach(cleanup);

const tabs = [
  { id: 'details', label: 'Stamdata' },
  { id: 'absence', label: 'Fravær' },
  { id: 'documents', label: 'Dokumenter' },
];

const selected = () => screen.getAllByRole('tab').filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.textContent);

describe('Tabs', () => {
  it('marks the chosen tab and moves by click and arrow keys', async () => {
    render(Tabs, { tabs, selected: 'details', label: 'Om Ida', idPrefix: 'child' });
    expect(screen.getByRole('tablist').getAttribute('aria-label')).toBe('Om Ida');
    expect(selected()).toEqual(['Stamdata']);
    await fireEvent.click(screen.getByRole('tab', { name: 'Fravær' }));
    expect(selected()).toEqual(['Fravær']);
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Fravær' }), { key: 'ArrowRight' });
    expect(selected()).toEqual(['Dokumenter']);
    expect(document.activeElement?.textContent).toBe('Dokumenter');
    // Past the last it wraps to the first; End and Home jump.
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Dokumenter' }), { key: 'ArrowRight' });
    expect(selected()).toEqual(['Stamdata']);
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Stamdata' }), { key: 'End' });
    expect(selected()).toEqual(['Dokumenter']);
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Dokumenter' }), { key: 'Home' });
    expect(selected()).toEqual(['Stamdata']);
  });

  it('lets only the chosen tab take the Tab key', () => {
    render(Tabs, { tabs, selected: 'absence', label: 'Om Ida', idPrefix: 'child' });
    const order = screen.getAllByRole('tab').map((t) => t.getAttribute('tabindex'));
    expect(order).toEqual(['-1', '0', '-1']);
    expect(screen.getByRole('tab', { name: 'Fravær' }).getAttribute('aria-controls')).toBe('child-panel');
  });
});
