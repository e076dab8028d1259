// The program's own questions ("are you sure?") before what cannot be undone, sends or
// deletes: one at a time, shown by components/QuestionDialog.svelte and answered in the
// window. The browser's confirm is never used: the dialog plugin replaces it with an
// async function whose Promise is always truthy, so every guarded action went on.

export type Question = {
  text: string;
  /** The yes button's words, naming the action ("Udsend opkrævningen"); empty: "Ja". */
  yes: string;
  answer: (yes: boolean) => void;
};

let pending = $state.raw<Question | null>(null);

/** The question waiting for an answer, if any. */
export const question = {
  get current(): Question | null {
    return pending;
  },
};

/** Asks `text` in the window; resolves true only when the user answers yes. */
export function ask(text: string, yes = ''): Promise<boolean> {
  // A new question replaces one left unanswered, which counts as no.
  pending?.answer(false);
  return new Promise((resolve) => {
    const asked: Question = {
      text,
      yes,
      answer: (answer) => {
        if (pending === asked) pending = null;
        resolve(answer);
      },
    };
    pending = asked;
  });
}
