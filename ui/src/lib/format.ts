// Danish formats (R34): dates dd-mm-yyyy, phone numbers in pairs, amounts 1.234,50 kr.

/** `2026-09-05` (as the Rust side sends dates) → `05-09-2026`. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : iso;
}

/** `12345678` → `12 34 56 78`. */
export function phone(digits: string | null | undefined): string {
  if (!digits) return '';
  return /^\d{8}$/.test(digits) ? digits.replace(/(\d{2})(?=\d)/g, '$1 ') : digits;
}

/** Whole øre → `1.234,50 kr.` (integers only: no floating point on money). */
export function kroner(ore: number): string {
  if (!Number.isInteger(ore)) throw new Error('amounts are whole øre');
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${(abs % 100).toString().padStart(2, '0')} kr.`;
}

let dayOffset = 0;

/** The program's day may be moved for training or tests (SKOLEKONTOR_TODAY); the Rust
 * side says by how many days from the machine's date, and the forms follow it. */
export function setDayOffset(days: number): void {
  dayOffset = days;
}

/** The program's day. */
export function programToday(now: Date = new Date()): Date {
  const day = new Date(now);
  day.setDate(day.getDate() + dayOffset);
  return day;
}

/** The calendar year in which the school year of `day` began (1 August). */
export function schoolYearStart(day: Date = programToday()): number {
  return day.getMonth() >= 7 ? day.getFullYear() : day.getFullYear() - 1;
}

/** `dd-mm-yyyy` for the program's day, for date fields. */
export function todayShort(now: Date = programToday()): string {
  const dd = String(now.getDate()).padStart(2, '0');
  const mm = String(now.getMonth() + 1).padStart(2, '0');
  return `${dd}-${mm}-${now.getFullYear()}`;
}

/** `1.500`, `1.500,00`, `1500,5` or `1.500,00 kr.` → whole øre; null when it is no amount.
 * Parsed as text, never through floating point. */
export function parseKroner(text: string): number | null {
  const match = /^(-\s*)?(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/.exec(text.trim().replace(/\s*kr\.?$/i, ''));
  if (!match) return null;
  const whole = Number(match[2].replaceAll('.', ''));
  const ore = Number((match[3] ?? '0').padEnd(2, '0'));
  return (match[1] ? -1 : 1) * (whole * 100 + ore);
}

/** Whole øre as typed in a field: `1.500,00`. */
export function kronerField(ore: number): string {
  return kroner(ore).replace(' kr.', '');
}
