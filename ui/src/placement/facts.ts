// A child's places and their changes in the chosen language, from the facts the
// program sends (it words them in Danish only for the command line).
import type { ChangeFact } from '../lib/bindings/ChangeFact';
import type { ChangeLine } from '../lib/bindings/ChangeLine';
import type { PlaceName } from '../lib/bindings/PlaceName';
import type { PlaceRate } from '../lib/bindings/PlaceRate';
import type { PlacementLine } from '../lib/bindings/PlacementLine';
import { kroner } from '../lib/format';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

const gradeText = (t: Translate, grade: number | null) => (grade === null ? '' : t('placement.grade', { grade }));

/** "SFO-modulet Morgen", or "SFO uden modul" for a place without one. */
export const moduleText = (t: Translate, module: string) =>
  (module ? t('placement.moduleName', { module }) : t('placement.plainSfo'));

/** A row of the timeline: "3. klasse", "SFO – Morgen", "Børnehave". */
export function placeText(t: Translate, line: PlacementLine): string {
  if (line.division === 'school') return line.grade === null ? t('placement.school') : gradeText(t, line.grade);
  if (line.division === 'kindergarten') return t('placement.kindergarten');
  return line.module ? t('placement.sfoModule', { module: line.module }) : t('placement.sfo');
}

/** A recorded change, with the meeting and the notice where there was one. */
export function changeText(t: Translate, change: ChangeLine): string {
  const what = t(`placement.kind.${change.kind}`, {
    from: gradeText(t, change.fromGrade), to: gradeText(t, change.toGrade),
    fromModule: moduleText(t, change.fromModule), toModule: moduleText(t, change.toModule),
  });
  const received = change.receivedOn ? t('placement.received', { date: change.receivedOn }) : '';
  const meeting = change.meetingOn ? t('placement.meeting', { date: change.meetingOn }) : '';
  return what + meeting + received;
}

function placeName(t: Translate, place: PlaceName): string {
  if (place.division === 'school' && place.grade !== null) return t('placement.gradeName', { grade: place.grade });
  if (place.division === 'sfo') return moduleText(t, place.module);
  return t('placement.kindergartenName');
}

const rateText = (t: Translate, rate: number | null) =>
  (rate === null ? t('placement.fact.noRate') : t('placement.fact.rate', { amount: kroner(rate) }));

const chargeText = (t: Translate, charge: PlaceRate) =>
  t('placement.fact.charge', { rate: rateText(t, charge.rate), place: placeName(t, charge.place) });

/** `yyyy-mm` as "december 2026" / "December 2026". */
export function monthText(language: string, month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(year, number - 1, 1)
    .toLocaleDateString(language === 'en' ? 'en-GB' : 'da-DK', { month: 'long', year: 'numeric' });
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One line of a change's preview. */
export function factText(t: Translate, language: string, fact: ChangeFact): string {
  switch (fact.kind) {
    case 'lastDayByNotice':
      return t('placement.fact.lastDayByNotice', { received: fact.received, place: placeName(t, fact.place), last: fact.last });
    case 'lastDay':
      return t('placement.fact.lastDay', { place: placeName(t, fact.place), last: fact.last });
    case 'firstDay':
      return t('placement.fact.firstDay', { place: placeName(t, fact.place), first: fact.first });
    case 'meetingAgreed':
      return t('placement.fact.meetingAgreed', { meeting: fact.meeting });
    case 'lastCharge':
      return capitalised(t('placement.fact.lastCharge', {
        place: placeName(t, fact.charge.place), rate: rateText(t, fact.charge.rate), month: monthText(language, fact.month),
      }));
    case 'chargeFrom': {
      const month = monthText(language, fact.month);
      return fact.instead
        ? t('placement.fact.chargeInstead', { month, charge: chargeText(t, fact.charge), instead: chargeText(t, fact.instead) })
        : t('placement.fact.chargeFrom', { month, charge: chargeText(t, fact.charge) });
    }
    case 'schoolFeeUnchanged':
      return t('placement.fact.schoolFeeUnchanged');
  }
}
