import { describe, expect, it } from 'vitest';
import { kroner, phone, programToday, schoolYearStart, setDayOffset, shortDate, todayShort } from './format';

describe('R34 Danish formats', () => {
  it('writes dates as dd-mm-yyyy', () => {
    expect(shortDate('2026-09-05')).toBe('05-09-2026');
    expect(shortDate(null)).toBe('');
    expect(todayShort(new Date(2026, 0, 7))).toBe('07-01-2026');
  });

  it('follows the program\'s day when it is moved, and the school year turns on 1 August', () => {
    const machine = new Date(2026, 10, 23);
    setDayOffset(-95);
    expect(todayShort(programToday(machine))).toBe('20-08-2026');
    setDayOffset(0);
    expect(todayShort(programToday(machine))).toBe('23-11-2026');
    expect(schoolYearStart(new Date(2026, 7, 1))).toBe(2026);
    expect(schoolYearStart(new Date(2026, 6, 31))).toBe(2025);
  });

  it('writes phone numbers in pairs', () => {
    expect(phone('12345678')).toBe('12 34 56 78');
    expect(phone('123')).toBe('123');
  });

  it('writes amounts with thousands dots and a decimal comma', () => {
    expect(kroner(123450)).toBe('1.234,50 kr.');
    expect(kroner(5)).toBe('0,05 kr.');
    expect(kroner(-100000000)).toBe('-1.000.000,00 kr.');
    expect(() => kroner(1.5)).toThrow();
  });
});

describe('parseKroner', () => {
  it('reads Danish amounts as whole øre (R34)', async () => {
    const { parseKroner, kronerField } = await import('./format');
    expect(parseKroner('1.500')).toBe(150000);
    expect(parseKroner('1.500,00 kr.')).toBe(150000);
    expect(parseKroner('1500,5')).toBe(150050);
    expect(parseKroner('0')).toBe(0);
    expect(parseKroner('1,234')).toBeNull();
    expect(parseKroner('15.00')).toBeNull();
    expect(parseKroner('abc')).toBeNull();
    expect(parseKroner('-250,00')).toBe(-25000);
    expect(parseKroner('--250')).toBeNull();
    expect(kronerField(150050)).toBe('1.500,50');
  });
});
