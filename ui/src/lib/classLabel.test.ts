import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { language, t } from './i18n';
import { classLabel } from './classLabel';

describe('classLabel', () => {
  it('names the class in the chosen language', () => {
    language.set('da');
    expect(classLabel(get(t), { division: 'school', grade: 2 })).toBe('2. klasse');
    expect(classLabel(get(t), { division: 'kindergarten', grade: null })).toBe('Børnehave');
    language.set('en');
    expect(classLabel(get(t), { division: 'school', grade: 0 })).toBe('Grade 0');
    expect(classLabel(get(t), { division: 'kindergarten', grade: null })).toBe('Kindergarten');
    expect(classLabel(get(t), null)).toBe('');
    language.set('da');
  });
});
