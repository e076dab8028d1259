import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { language, t } from '../lib/i18n';
import type { ChangeFact } from '../lib/bindings/ChangeFact';
import { changeText, factText } from './facts';

const plain = { division: 'sfo', grade: null, module: '' } as const;
const full = { division: 'sfo', grade: null, module: 'Fuld' } as const;

// A switch from SFO without a module to the dearer Fuld, as the program sends it.
const facts: ChangeFact[] = [
  { kind: 'lastDay', place: plain, last: '30-11-2026' },
  { kind: 'firstDay', place: full, first: '01-12-2026' },
  { kind: 'chargeFrom', month: '2026-12', charge: { place: full, rate: 180000 }, instead: { place: plain, rate: 165000 } },
  { kind: 'lastCharge', month: '2026-12', charge: { place: full, rate: 180000 } },
  { kind: 'lastDayByNotice', place: full, received: '20-11-2026', last: '31-12-2026' },
];

function words(lng: 'da' | 'en'): string[] {
  language.set(lng);
  const translate = get(t);
  const lines = facts.map((fact) => factText(translate, lng, fact));
  language.set('da');
  return lines;
}

describe('a change in the chosen language', () => {
  it('words the preview in Danish as the command line does', () => {
    expect(words('da')).toEqual([
      'Sidste dag i SFO uden modul: 30-11-2026.',
      'Første dag i SFO-modulet Fuld: 01-12-2026.',
      'Fra december 2026 opkræves 1.800,00 kr. om måneden for SFO-modulet Fuld i stedet for 1.650,00 kr. om måneden for SFO uden modul.',
      'SFO-modulet Fuld (1.800,00 kr. om måneden) opkræves sidste gang for december 2026.',
      'Opsigelsen er modtaget 20-11-2026: med løbende måned plus en måned er sidste dag i SFO-modulet Fuld 31-12-2026.',
    ]);
  });

  it('has no Danish word left when English is chosen', () => {
    const english = words('en');
    expect(english[2]).toBe(
      'From December 2026, 1.800,00 kr. a month for SFO module Fuld is charged instead of 1.650,00 kr. a month for SFO without a module.',
    );
    for (const line of english) {
      expect(line).not.toMatch(/opkræves|måned|sidste|første|uden|modulet|opsigelse/i);
    }
  });

  it('names the place without a module in the timeline', () => {
    language.set('en');
    const line = changeText(get(t), {
      effectiveOn: '01-12-2026', text: '', by: '', reason: '', kind: 'sfoSwitch', fromGrade: null, toGrade: null,
      fromModule: '', toModule: 'Fuld', receivedOn: null, meetingOn: null, madeBy: null, approvedBy: null, madeAt: '',
    });
    language.set('da');
    expect(line).toBe('Switches from SFO without a module to SFO module Fuld');
  });
});
