import { describe, expect, it } from 'vitest';
import { CommandError } from './api';
import { CommandForm } from './form.svelte';

const refusal = new CommandError({
  code: 'validation',
  message: 'Ret de markerede felter.',
  fields: [{ field: 'date', message: 'Skriv datoen som dd-mm-åååå.' }],
} as never);

describe('CommandForm', () => {
  it('shows the Danish message and the field errors of a failed command, and returns null', async () => {
    const form = new CommandForm();
    const done = await form.run(() => Promise.reject(refusal));
    expect(done).toBeNull();
    expect(form.message).toBe('Ret de markerede felter.');
    expect(form.errors).toEqual({ date: 'Skriv datoen som dd-mm-åååå.' });
  });

  it('clears the last failure when the next attempt succeeds and hands back the value', async () => {
    const form = new CommandForm();
    await form.run(() => Promise.reject(refusal));
    const done = await form.run(() => Promise.resolve(42));
    expect(done).toEqual({ value: 42 });
    expect(form.message).toBe('');
    expect(form.errors).toEqual({});
  });
});
