import { ask } from './question.svelte';

// Escape leaves a form — but never throws away what the user typed without asking.
// The form's values are noted when it opens; Escape leaves at once when nothing has
// changed since, and otherwise only after the user agrees.

type Snapshot = Map<Element, string>;

function valueOf(element: Element): string | null {
  if (element instanceof HTMLInputElement) {
    if (element.type === 'checkbox' || element.type === 'radio') return String(element.checked);
    if (['button', 'submit', 'reset', 'file'].includes(element.type)) return null;
    return element.value;
  }
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return element.value;
  return null;
}

/** The values of the form's fields now. */
export function snapshot(form: HTMLFormElement): Snapshot {
  const values: Snapshot = new Map();
  for (const element of Array.from(form.elements)) {
    const value = valueOf(element);
    if (value !== null) values.set(element, value);
  }
  return values;
}

/** Whether anything differs from `before`; a field that appeared since counts when filled. */
export function changedSince(form: HTMLFormElement, before: Snapshot): boolean {
  for (const element of Array.from(form.elements)) {
    const value = valueOf(element);
    if (value === null) continue;
    const was = before.get(element);
    if (was === undefined ? value !== '' && value !== 'false' : was !== value) return true;
  }
  return false;
}

/**
 * Svelte action: Escape anywhere in the window cancels the form, after `ask`
 * (a confirmation) when something was typed.
 */
export function escapeAsks(
  form: HTMLFormElement,
  params: { oncancel: () => void; question: string; ask?: (question: string) => Promise<boolean> },
) {
  let current = params;
  const before = snapshot(form);
  function onkeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // Handled here: the page behind (going back, say) must not act on it too.
    event.preventDefault();
    if (!changedSince(form, before)) {
      current.oncancel();
      return;
    }
    const asked = current;
    void (asked.ask ?? ask)(asked.question).then((yes) => {
      if (yes) asked.oncancel();
    });
  }
  window.addEventListener('keydown', onkeydown);
  return {
    update(next: typeof params) {
      current = next;
    },
    destroy() {
      window.removeEventListener('keydown', onkeydown);
    },
  };
}
