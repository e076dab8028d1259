import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import MonthPicker from './MonthPicker.svelte';
import { language } from '../lib/i18n';

afterEach(() => {
  cleanup();
  language.set('da');
});

describe('MonthPicker', () => {
  it('names the months in the chosen language', async () => {
    render(MonthPicker, { id: 'm', label: 'Måned', value: '2026-09' });
    const month = screen.getByLabelText('Måned') as HTMLSelectElement;
    expect(month.selectedOptions[0].textContent).toBe('september');
    expect((document.getElementById('m') as HTMLInputElement).value).toBe('2026-09');
    language.set('en');
    await tick();
    expect(month.selectedOptions[0].textContent).toBe('September');
  });

  it('writes the chosen month and year as yyyy-mm', async () => {
    render(MonthPicker, { id: 'm', label: 'Måned', value: '2026-09' });
    await fireEvent.change(screen.getByLabelText('Måned'), { target: { value: '12' } });
    expect((document.getElementById('m') as HTMLInputElement).value).toBe('2026-12');
    const year = document.getElementById('m-year') as HTMLSelectElement;
    await fireEvent.change(year, { target: { value: year.options[year.options.length - 1].value } });
    expect((document.getElementById('m') as HTMLInputElement).value).toMatch(/^20\d\d-12$/);
    expect((document.getElementById('m') as HTMLInputElement).value).not.toBe('2026-12');
  });
});
