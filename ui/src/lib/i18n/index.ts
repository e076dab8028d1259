// Translations through i18next; Danish by default, English as a switch.
import i18next from 'i18next';
import { derived, writable } from 'svelte/store';
import { da } from './da';
import { en } from './en';

export type Language = 'da' | 'en';
const STORAGE_KEY = 'skolekontor.sprog';

i18next.init({
  lng: 'da',
  fallbackLng: 'da',
  initAsync: false,
  resources: { da: { translation: da }, en: { translation: en } },
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

function initialLanguage(): Language {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'da';
}

export const language = writable<Language>(initialLanguage());

language.subscribe((lng) => {
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

/** `$t('child.firstName')` in components; follows the language switch. */
export const t = derived(language, (lng) => {
  const fixed = i18next.getFixedT(lng);
  return (key: string, options?: Record<string, unknown>): string => fixed(key, options ?? {}) as string;
});
