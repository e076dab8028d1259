import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { da } from './da';
import { en } from './en';
import { language, t } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('has every Danish key in English and nothing extra', () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });

  it('has no empty texts', () => {
    for (const key of keys(da)) expect(get(t)(key)).not.toBe('');
  });

  it('switches language and interpolates', () => {
    language.set('da');
    expect(get(t)('register.count', { count: 3 })).toBe('3 børn');
    expect(get(t)('register.count', { count: 1 })).toBe('1 barn');
    language.set('en');
    expect(get(t)('register.count', { count: 3 })).toBe('3 children');
    expect(get(t)('register.count', { count: 1 })).toBe('1 child');
    language.set('da');
  });
});

describe('the screens', () => {
  // Every .svelte file's source, to find words written into the markup instead of
  // taken from the translations (they would stay Danish with English chosen).
  const sources = import.meta.glob('../../**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

  it('are read for the check', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it('take hints, placeholders, titles and labels from the translations', () => {
    const literal = /\b(hint|placeholder|title|label|aria-label)="[^"{]*\p{L}[^"{]*"/gu;
    const found = Object.entries(sources).flatMap(([file, text]) => (text.match(literal) ?? []).map((m) => `${file}: ${m}`));
    expect(found).toEqual([]);
  });
});

describe('questions', () => {
  // Every source but the tests, to find the browser's own dialogs: the dialog plugin
  // makes window.confirm answer yes to everything (lib/question.svelte.ts).
  const code = import.meta.glob(['../../**/*.svelte', '../../**/*.ts', '!../../**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

  it('are the program\'s own: no confirm, alert or prompt anywhere', () => {
    const browser = /(^|[^\w.])(window\.)?(confirm|alert|prompt)\s*\(/gm;
    const found = Object.entries(code).flatMap(([file, text]) => (text.match(browser) ?? []).map((m) => `${file}: ${m.trim()}`));
    expect(Object.keys(code).length).toBeGreaterThan(80);
    expect(found).toEqual([]);
  });
});
