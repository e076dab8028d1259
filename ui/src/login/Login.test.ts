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
    invoke.mockResolvedValue({ kind: 'loggedIn', user: { id: 1, username: 'birgitte', fullName: 'Birgitte', role: 'staff', may: [] } });
    render(Login, { schoolName: 'Bøgely Friskole', onlogin });
    await fireEvent.input(screen.getByLabelText(/Brugernavn/), { target: { value: 'birgitte' } });
    await fireEvent.input(screen.getByLabelText(/Adgangskode/), { target: { value: 'hemmelig kode' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    expect(invoke).toHaveBeenCalledWith('log_in', { username: 'birgitte', password: 'hemmelig kode' });
    await vi.waitFor(() => expect(onlogin).toHaveBeenCalled());
  });

  it('asks for the one-time code after the password and sends it (R29)', async () => {
    const onlogin = vi.fn();
    invoke.mockImplementation(async (command: string) =>
      command === 'log_in' ? { kind: 'needsCode' } : { id: 1, username: 'birgitte', fullName: 'Birgitte', role: 'headteacher', may: [] },
    );
    render(Login, { schoolName: 'Bøgely Friskole', onlogin });
    await fireEvent.input(screen.getByLabelText(/Brugernavn/), { target: { value: 'birgitte' } });
    await fireEvent.input(screen.getByLabelText(/Adgangskode/), { target: { value: 'hemmelig kode' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    const code = await screen.findByLabelText(/Kode fra godkendelsesappen/);
    expect(onlogin).not.toHaveBeenCalled();
    await fireEvent.input(code, { target: { value: '123 456' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Bekræft' }));
    expect(invoke).toHaveBeenCalledWith('confirm_code', { code: '123 456' });
    await vi.waitFor(() => expect(onlogin).toHaveBeenCalled());
  });

  it('shows the QR code and the key on the first login', async () => {
    invoke.mockResolvedValue({ kind: 'needsSecondFactorSetup', setup: { qrPngBase64: 'iVBORw0KGgo', secret: 'ABCD EFGH' } });
    render(Login, { schoolName: 'Bøgely Friskole', onlogin: vi.fn() });
    await fireEvent.input(screen.getByLabelText(/Brugernavn/), { target: { value: 'birgitte' } });
    await fireEvent.input(screen.getByLabelText(/Adgangskode/), { target: { value: 'hemmelig kode' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    const qr = (await screen.findByRole('img')) as HTMLImageElement;
    expect(qr.src).toContain('data:image/png;base64,iVBORw0KGgo');
    expect(screen.getByTestId('totp-secret').textContent).toBe('ABCD EFGH');
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
