import { get } from 'svelte/store';
import { CommandError } from './api';
import { language, t } from './i18n';

/** The text to show for a failed command: the Danish message from Rust, or a
 * translation of its code when the UI is in English and one exists. */
export function errorText(error: unknown): string {
  if (!(error instanceof CommandError)) return get(t)('errors.generic');
  if (get(language) === 'da') return error.reply.message;
  const key = `errors.${error.reply.code}`;
  const translated = get(t)(key);
  return translated === key ? error.reply.message : translated;
}
