import { afterEach, describe, expect, it, vi } from 'vitest';
import { escapeAsks } from './discard';
import { question } from './question.svelte';

function form(html: string): HTMLFormElement {
  const element = document.createElement('form');
  element.innerHTML = html;
  document.body.append(element);
  return element;
}

const escape = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
// The answer comes back as a Promise.
const answered = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => document.body.replaceChildren());

describe('escapeAsks', () => {
  it('leaves an untouched form at once, even a filled-in edit form', () => {
    const f = form('<input name="a" value="Ida"><select><option>1</option><option selected>2</option></select>');
    (f.elements[0] as HTMLInputElement).value = 'Ida';
    const oncancel = vi.fn();
    const ask = vi.fn(async () => false);
    const action = escapeAsks(f, { oncancel, question: 'Smid det væk?', ask });
    escape();
    expect(ask).not.toHaveBeenCalled();
    expect(oncancel).toHaveBeenCalledTimes(1);
    action.destroy();
  });

  it('asks before throwing away what was typed, and keeps it when the answer is no', async () => {
    const f = form('<input name="a"><textarea></textarea><input type="checkbox">');
    const oncancel = vi.fn();
    const answers = [false, true];
    const ask = vi.fn(async () => answers.shift() ?? false);
    const action = escapeAsks(f, { oncancel, question: 'Smid det væk?', ask });
    (f.elements[1] as HTMLTextAreaElement).value = 'Allergi';
    escape();
    await answered();
    expect(ask).toHaveBeenCalledWith('Smid det væk?');
    expect(oncancel).not.toHaveBeenCalled();
    expect((f.elements[1] as HTMLTextAreaElement).value).toBe('Allergi');
    escape();
    await answered();
    expect(oncancel).toHaveBeenCalledTimes(1);
    action.destroy();
    escape();
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('counts a ticked box and a field that appeared filled as typed', () => {
    const f = form('<input type="checkbox">');
    const ask = vi.fn(async () => false);
    const action = escapeAsks(f, { oncancel: vi.fn(), question: '?', ask });
    (f.elements[0] as HTMLInputElement).checked = true;
    escape();
    expect(ask).toHaveBeenCalledTimes(1);
    (f.elements[0] as HTMLInputElement).checked = false;
    const extra = document.createElement('input');
    extra.value = 'ny';
    f.append(extra);
    escape();
    expect(ask).toHaveBeenCalledTimes(2);
    action.destroy();
  });

  it('asks the program\'s own question by default: no keeps the form, yes leaves it', async () => {
    const f = form('<input name="a">');
    const oncancel = vi.fn();
    const action = escapeAsks(f, { oncancel, question: 'Smid det væk?' });
    (f.elements[0] as HTMLInputElement).value = 'Ida';
    escape();
    expect(question.current?.text).toBe('Smid det væk?');
    question.current?.answer(false);
    await answered();
    expect(oncancel).not.toHaveBeenCalled();
    expect(question.current).toBeNull();
    escape();
    question.current?.answer(true);
    await answered();
    expect(oncancel).toHaveBeenCalledTimes(1);
    action.destroy();
  });
});
