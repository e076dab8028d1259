import { get } from 'svelte/store';
import { CommandError } from './api';
import { t } from './i18n';

/** The text to show for a failed command. The Rust side writes its messages in the
 * language the window chose (`api.setLanguage`), so the message is shown as it is. */
export function errorText(error: unknown): string {
  if (!(error instanceof CommandError)) return get(t)('errors.generic');
  return error.reply.message;
}
