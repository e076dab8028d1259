import type { Division } from './bindings/Division';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A child's class or group in the window's language ("2. klasse" / "Grade 2",
 * "Børnehave" / "Kindergarten"), from the place's division and grade rather than the
 * Rust side's Danish label. Pass `$t`, so the label follows a language switch. */
export function classLabel(
  t: Translate,
  place: { division: Division | null; grade: number | null } | null | undefined,
): string {
  if (!place?.division) return '';
  if (place.division === 'school' && place.grade != null) return t('admissions.gradeLabel', { grade: place.grade });
  if (place.division === 'kindergarten') return t('division.kindergarten');
  return '';
}
