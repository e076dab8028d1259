import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import Login from './Login.svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

describe('Login', () => {
  it('finds its inputs by label and logs in with what was typed', async () => {
    const onlogin = vi.fn();
    invoke.mockResolvedValue({ id: 1, username: 'birgitte', fullName: 'Birgitte', role: 'headteacher', may: [] });
    render(Login, { schoolName: 'Bøgely Friskole', onlogin });
    await fireEvent.input(screen.getByLabelText(/Brugernavn/), { target: { value: 'birgitte' } });
    await fireEvent.input(screen.getByLabelText(/Adgangskode/), { target: { value: 'hemmelig kode' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    expect(invoke).toHaveBeenCalledWith('log_in', { username: 'birgitte', password: 'hemmelig kode' });
    await vi.waitFor(() => expect(onlogin).toHaveBeenCalled());
  });

  it('shows the Danish refusal and clears the password', async () => {
    invoke.mockRejectedValue({ code: 'wrongPassword', message: 'Forkert brugernavn eller adgangskode.', fields: [] });
    render(Login, { schoolName: 'Bøgely Friskole', onlogin: vi.fn() });
    const password = screen.getByLabelText(/Adgangskode/) as HTMLInputElement;
    await fireEvent.input(password, { target: { value: 'forkert' } });
    await fireEvent.submit(password.form!);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Forkert brugernavn eller adgangskode.');
    expect(password.value).toBe('');
  });
});
