import { describe, expect, it } from 'vitest';
import { cellText, columnLetter, fromExcelSerial, judgeAnswer, measureUnit, parseCode, parseDate, parseEdition, parseMeasure, parseNumber, type ItemRule } from '../../main/import/values.js';

const yesNo: ItemRule = { answerType: 'oui-non', threshold: null, unit: 'minutes' };
const within24h: ItemRule = { answerType: 'seuil-max', threshold: 24, unit: 'hours' };
const atLeast3: ItemRule = { answerType: 'seuil-min', threshold: 3, unit: 'minutes' };
const waitMax5: ItemRule = { answerType: 'seuil-max', threshold: 5, unit: 'minutes' };

function verdict(value: Parameters<typeof judgeAnswer>[0], rule: ItemRule): 0 | 1 | null | 'error' {
  const judged = judgeAnswer(value, rule);
  return judged.ok ? judged.value.compliant : 'error';
}

describe('answers', () => {
  it.each(['Oui', 'oui', 'O', 'Yes', 'y', '1', 'X', 'x', 'VRAI', 'Conforme'])('reads %s as compliant', (answer) => {
    expect(verdict(answer, yesNo)).toBe(1);
  });
  it.each(['Non', 'N', 'No', '0', 'FAUX', 'Non conforme'])('reads %s as non-compliant', (answer) => {
    expect(verdict(answer, yesNo)).toBe(0);
  });
  it.each(['NA', 'N/A', 'N.A.', 'n.a', 'Sans objet', 'S.O.', 'Not applicable'])('reads %s as not applicable', (answer) => {
    expect(verdict(answer, yesNo)).toBeNull();
  });
  it('reads booleans and 1/0 numbers', () => {
    expect(verdict(true, yesNo)).toBe(1);
    expect(verdict(false, yesNo)).toBe(0);
    expect(verdict(1, yesNo)).toBe(1);
    expect(verdict(0, yesNo)).toBe(0);
  });
  it('refuses what is not an answer, with a reason', () => {
    const judged = judgeAnswer('Peut-être', yesNo);
    expect(judged.ok).toBe(false);
    if (!judged.ok) expect(judged.reason).toContain('Peut-être');
    expect(verdict('', yesNo)).toBe('error');
  });
  it('judges raw measures against the threshold, at the bound included', () => {
    expect(verdict('24', within24h)).toBe(1);
    expect(verdict('24,01', within24h)).toBe(0);
    expect(verdict(23.5, within24h)).toBe(1);
    expect(verdict('3', atLeast3)).toBe(1);
    expect(verdict('2,9', atLeast3)).toBe(0);
    expect(verdict('Pas de réponse', within24h)).toBe(0);
    expect(verdict('NA', within24h)).toBeNull();
  });
  it('keeps the measure and the raw text as evidence', () => {
    const judged = judgeAnswer('00:06:30', waitMax5);
    expect(judged).toEqual({ ok: true, value: { compliant: 0, measure: 6.5, raw: '00:06:30' } });
  });
});

describe('numbers and durations', () => {
  it('reads decimal commas and non-breaking-space thousands', () => {
    expect(parseNumber('1\u00a0234,5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber('1\u202f234')).toEqual({ ok: true, value: 1234 });
    expect(parseNumber('12,75')).toEqual({ ok: true, value: 12.75 });
    expect(parseNumber('3 sonneries')).toEqual({ ok: true, value: 3 });
    expect(parseNumber('douze').ok).toBe(false);
  });
  it('converts durations to the item unit', () => {
    expect(parseMeasure('00:02:35', 'minutes')).toEqual({ ok: true, value: 2.583333 });
    expect(parseMeasure('2 min 35', 'minutes')).toEqual({ ok: true, value: 2.583333 });
    expect(parseMeasure('2 min 35 s', 'seconds')).toEqual({ ok: true, value: 155 });
    expect(parseMeasure('1 h 30', 'hours')).toEqual({ ok: true, value: 1.5 });
    expect(parseMeasure('26:30:00', 'hours')).toEqual({ ok: true, value: 26.5 });
    expect(parseMeasure('31,5', 'hours')).toEqual({ ok: true, value: 31.5 });
  });
  it('guesses the unit from the item label', () => {
    expect(measureUnit('Délai de réponse au courriel (heures)')).toBe('hours');
    expect(measureUnit('Délai de réponse au courrier (jours)')).toBe('days');
    expect(measureUnit("Temps d'attente à l'accueil (minutes)")).toBe('minutes');
    expect(measureUnit('Temps de décroché (secondes)')).toBe('seconds');
  });
});

describe('dates', () => {
  it('reads Excel serials in the 1900 system, phantom 29/02/1900 included', () => {
    // 45200 days after 30/12/1899 is 01/10/2023; serial 60 is Excel's non-existent 29/02/1900.
    expect(fromExcelSerial(45200, false)).toEqual({ date: '2023-10-01', time: null });
    expect(fromExcelSerial(59, false)?.date).toBe('1900-02-28');
    expect(fromExcelSerial(61, false)?.date).toBe('1900-03-01');
    expect(fromExcelSerial(45200.75, false)).toEqual({ date: '2023-10-01', time: '18:00' });
  });
  it('reads Excel serials in the 1904 system (1462 days apart)', () => {
    expect(fromExcelSerial(45200 - 1462, true)).toEqual({ date: '2023-10-01', time: null });
  });
  it('reads dd/mm/yyyy and ISO, refuses impossible dates', () => {
    expect(parseDate('15/09/2023', false)).toEqual({ ok: true, value: { date: '2023-09-15', time: null } });
    expect(parseDate('15/09/2023 14:05', false)).toEqual({ ok: true, value: { date: '2023-09-15', time: '14:05' } });
    expect(parseDate('2023-09-15', false)).toEqual({ ok: true, value: { date: '2023-09-15', time: null } });
    expect(parseDate('2023-09-15T08:30:00Z', false)).toEqual({ ok: true, value: { date: '2023-09-15', time: '08:30' } });
    expect(parseDate('31/02/2023', false).ok).toBe(false);
    expect(parseDate('demain', false).ok).toBe(false);
  });
});

describe('codes and editions', () => {
  it('keeps codes as text', () => {
    expect(parseCode('06')).toBe('06');
    expect(parseCode(' 2A ')).toBe('2A');
    expect(parseCode(974)).toBe('974');
    expect(parseCode('')).toBeNull();
    expect(cellText(12.5)).toBe('12.5');
  });
  it('reads editions', () => {
    expect(parseEdition(2023)).toEqual({ ok: true, value: 2023 });
    expect(parseEdition('Édition 2023')).toEqual({ ok: true, value: 2023 });
    expect(parseEdition('23').ok).toBe(false);
  });
  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
