import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import Field from './Field.svelte';

afterEach(cleanup);

describe('Field', () => {
  it('ties label, hint and error to the input', () => {
    render(Field, { id: 'cpr', label: 'CPR-nummer', value: '', hint: 'DDMMÅÅ-XXXX', error: 'Datoen findes ikke.' });
    const input = screen.getByLabelText('CPR-nummer');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('cpr-hint cpr-error');
    expect(screen.getByRole('alert').textContent).toBe('Datoen findes ikke.');
  });

  it('is not marked invalid without an error', () => {
    render(Field, { id: 'navn', label: 'Navn', value: 'Ida' });
    const input = screen.getByLabelText('Navn') as HTMLInputElement;
    expect(input.value).toBe('Ida');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
