import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import QuestionDialog from './QuestionDialog.svelte';
import { ask, question } from '../lib/question.svelte';

afterEach(() => {
  question.current?.answer(false);
  cleanup();
});

describe('QuestionDialog', () => {
  it('shows nothing until the program asks', () => {
    render(QuestionDialog);
    expect(screen.queryByText('Nej')).toBeNull();
  });

  it('answers no with Nej, which has the focus, and yes with the named action', async () => {
    render(QuestionDialog);
    const first = ask('Udsende opkrævningen til 155 betalere?', 'Udsend opkrævningen');
    flushSync();
    expect(screen.getByText('Udsende opkrævningen til 155 betalere?')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Nej');
    await fireEvent.click(screen.getByText('Nej'));
    expect(await first).toBe(false);
    flushSync();
    expect(screen.queryByText('Udsend opkrævningen')).toBeNull();

    const second = ask('Udsende opkrævningen til 155 betalere?', 'Udsend opkrævningen');
    flushSync();
    await fireEvent.click(screen.getByText('Udsend opkrævningen'));
    expect(await second).toBe(true);
  });

  it('answers no to Escape, and a new question counts the unanswered one as no', async () => {
    render(QuestionDialog);
    const escaped = ask('Slette noten?');
    flushSync();
    await fireEvent.keyDown(screen.getByText('Slette noten?'), { key: 'Escape' });
    expect(await escaped).toBe(false);
    const replaced = ask('Første?');
    const latest = ask('Anden?');
    expect(await replaced).toBe(false);
    flushSync();
    await fireEvent.click(screen.getByText('Ja'));
    expect(await latest).toBe(true);
  });
});
