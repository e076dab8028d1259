// The state every form that calls a command keeps: the message of the last failure
// and its per-field errors, cleared when the next attempt starts.
import { fieldErrors } from './api';
import { errorText } from './errors';

export class CommandForm {
  message = $state('');
  errors: Record<string, string> = $state({});

  /** Runs `work`; on failure shows why and returns `null`, so nothing the user typed is lost. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    this.message = '';
    this.errors = {};
    try {
      return { value: await work() };
    } catch (error) {
      this.errors = fieldErrors(error);
      this.message = errorText(error);
      return null;
    }
  }
}
