/**
 * Normalisation of cell values as analysts' files write them: answers (every spelling analysts
 * use: Oui/Non/NA, O/N, Sans objet, 1/0, X…), numbers with decimal commas and non-breaking-space thousands, durations, dates
 * (Excel serials in the 1900 and 1904 systems, dd/mm/yyyy, ISO) and codes kept as text.
 * Pure functions: each returns a value or a reason (in French) the caller turns into a problem.
 */
import type { CellValue } from './readers/types.js';
import type { AnswerTypeCode } from '../../shared/domain.js';
import { normalizeLabel } from '../../shared/text.js';
export { columnLetter } from '../../shared/column-letter.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

export function isBlank(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Most cells start with a visible ASCII character: decided without trimming (no new string).
  const first = value.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return value.trim() === '';
}

/** Text of a cell, trimmed; numbers without a trailing `.0`. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  return value.replace(/[\u00a0\u202f]/g, ' ').trim();
}

/** A code (structure, audit reference, item, département): always text, `06` stays `06`. */
export function parseCode(value: CellValue | undefined): string | null {
  const text = cellText(value);
  return text === '' ? null : text;
}

const NUMBER_PATTERN = /^([+-]?)(\d{1,3}(?:[ \u00a0\u202f']\d{3})+|\d+)?(?:[.,](\d+))?$/;

/** `1 234,5`, `1234.5`, `31,5 h`, `3 sonneries` → number. A trailing unit word is tolerated. */
export function parseNumber(value: CellValue | undefined): Parsed<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('nombre invalide');
  if (typeof value === 'boolean' || value === null || value === undefined) return fail('nombre attendu');
  let text = value.replace(/[\u00a0\u202f]/g, ' ').trim();
  text = text.replace(/\s*(%|[a-zA-Zéèêàûô.]+)$/u, '').trim();
  const match = NUMBER_PATTERN.exec(text);
  if (!match || (match[2] === undefined && match[3] === undefined)) return fail(`« ${value} » n'est pas un nombre`);
  const integerPart = (match[2] ?? '0').replace(/[ \u00a0\u202f']/g, '');
  const result = Number(`${match[1]}${integerPart}.${match[3] ?? '0'}`);
  return Number.isFinite(result) ? ok(result) : fail(`« ${value} » n'est pas un nombre`);
}

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/**
 * `00:02:35`, `2 min 35`, `2 min 35 s`, `1 h 30`, `45 s`, or a plain number already in the
 * item's unit. Clock-style and labelled durations are converted to `unit`.
 */
const UNIT_SECONDS: Record<string, number> = { j: 86400, h: 3600, min: 60, s: 1 };
const NEXT_SMALLER: Record<string, string> = { j: 'h', h: 'min', min: 's', s: 's' };

function unitKey(word: string): string | null {
  if (/^(j|jours?|days?)$/.test(word)) return 'j';
  if (/^(h|heures?|hours?)$/.test(word)) return 'h';
  if (/^(min|mn|minutes?|')$/.test(word)) return 'min';
  if (/^(s|sec|secondes?|seconds?|")$/.test(word)) return 's';
  return null;
}

/** Seconds in `2 min 35`, `1 h 30`, `45 s`, `2 min 35 s`; a bare trailing number takes the next smaller unit. */
function labelledDurationSeconds(text: string): number | null {
  const tokens = text.match(/\d+(?:[.,]\d+)?|[a-z]+|['"]/g);
  if (!tokens || !tokens.some((t) => /[a-z'"]/.test(t))) return null;
  let seconds = 0;
  let previousUnit: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!/^\d/.test(token)) return null;
    const next = tokens[i + 1];
    const unit = next !== undefined && !/^\d/.test(next) ? unitKey(next) : null;
    if (next !== undefined && !/^\d/.test(next) && unit === null) return null;
    const effective: string | null = unit ?? (previousUnit ? NEXT_SMALLER[previousUnit]! : null);
    if (effective === null) return null;
    seconds += Number(token.replace(',', '.')) * UNIT_SECONDS[effective]!;
    previousUnit = effective;
    if (unit) i++;
  }
  return seconds;
}

/**
 * `00:02:35`, `2 min 35`, `1 h 30`, `45 s`, or a plain number already in the item's unit.
 * Clock-style and labelled durations are converted to `unit`.
 */
export function parseMeasure(value: CellValue | undefined, unit: DurationUnit): Parsed<number> {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase().replace(/[\u00a0\u202f]/g, ' ');
    const clock = /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(text);
    // hh:mm:ss, or mm:ss when only two parts (a wait of "02:35" is 2 min 35 s).
    const seconds = clock
      ? clock[3] !== undefined
        ? Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3])
        : Number(clock[1]) * 60 + Number(clock[2])
      : labelledDurationSeconds(text);
    if (seconds !== null) {
      const divisor = unit === 'seconds' ? 1 : unit === 'minutes' ? 60 : unit === 'hours' ? 3600 : 86400;
      return ok(Math.round((seconds / divisor) * 1e6) / 1e6);
    }
  }
  return parseNumber(value);
}

/** Guesses the unit of a raw-measure item from its label: seconds, hours, days, else minutes. */
export function measureUnit(label: string): DurationUnit {
  const text = normalizeLabel(label);
  if (/\b(seconde|secondes|seconds|second|sec)\b/.test(text)) return 'seconds';
  if (/\b(heure|heures|hours|hour|h)\b/.test(text)) return 'hours';
  if (/\b(jour|jours|days|day|j)\b/.test(text)) return 'days';
  return 'minutes';
}

export type Judgement = { compliant: 0 | 1 | null; measure: number | null; raw: string };

const YES = new Set(['oui', 'o', 'yes', 'y', '1', 'x', 'vrai', 'true', 'conforme', 'c', 'ok']);
const NO = new Set(['non', 'n', 'no', '0', 'faux', 'false', 'non conforme', 'nc', 'ko']);
const NOT_APPLICABLE = new Set(['na', 'n a', 'sans objet', 'so', 's o', 'not applicable', 'nsp', 'non applicable', 'non concerne', 'nc a']);
/** A measure that never came (no reply, no pick-up): the item is judged non-compliant. */
const NO_MEASURE = new Set(['pas de reponse', 'aucune reponse', 'sans reponse', 'no reply', 'no answer', 'non repondu', 'pas de decroche', 'jamais']);

export interface ItemRule {
  answerType: AnswerTypeCode;
  threshold: number | null;
  unit: DurationUnit;
}

/**
 * Judges one answer against its item. `blankMeans` says what an empty cell is: nothing
 * (wide layout: not observed → returns null) or `non` (long layout using the X/blank convention).
 */
export function judgeAnswer(value: CellValue | undefined, rule: ItemRule): Parsed<Judgement> {
  const raw = cellText(value);
  const key = normalizeLabel(raw);
  if (key === '' ) return fail('réponse vide');
  if (NOT_APPLICABLE.has(key)) return ok({ compliant: null, measure: null, raw });
  if (rule.answerType === 'oui-non') {
    if (typeof value === 'boolean') return ok({ compliant: value ? 1 : 0, measure: null, raw });
    if (YES.has(key)) return ok({ compliant: 1, measure: null, raw });
    if (NO.has(key)) return ok({ compliant: 0, measure: null, raw });
    return fail(`« ${raw} » n'est pas une réponse oui / non / sans objet`);
  }
  if (NO_MEASURE.has(key)) return ok({ compliant: 0, measure: null, raw });
  const measure = parseMeasure(value ?? null, rule.unit);
  if (!measure.ok) {
    // A yes/no answer on a threshold item: the auditor judged it directly.
    if (YES.has(key)) return ok({ compliant: 1, measure: null, raw });
    if (NO.has(key)) return ok({ compliant: 0, measure: null, raw });
    return fail(`« ${raw} » n'est ni une mesure ni une réponse reconnue`);
  }
  if (measure.value < 0) return fail(`mesure négative « ${raw} »`);
  if (rule.threshold === null) return fail("l'item n'a pas de seuil dans le référentiel");
  const compliant = rule.answerType === 'seuil-max' ? measure.value <= rule.threshold : measure.value >= rule.threshold;
  return ok({ compliant: compliant ? 1 : 0, measure: measure.value, raw });
}

export interface ParsedDate {
  date: string;
  time: string | null;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function validCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Excel serial (1900 system with its phantom 29/02/1900, or the 1904 system) → date and time. */
export function fromExcelSerial(serial: number, date1904: boolean): ParsedDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const days = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const utc = new Date(epoch + days * 86400000);
  const seconds = Math.round((serial - days) * 86400);
  const time = seconds > 0 && seconds < 86400 ? `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}` : null;
  return { date: `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`, time };
}

export function parseDate(value: CellValue | undefined, date1904: boolean): Parsed<ParsedDate> {
  if (typeof value === 'number') {
    const parsed = fromExcelSerial(value, date1904);
    return parsed ? ok(parsed) : fail(`« ${value} » n'est pas une date`);
  }
  const text = cellText(value);
  if (text === '') return fail('date vide');
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]+(\d{1,2})[:h](\d{2})(?::\d{2})?)?$/.exec(text);
  if (match) {
    const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    const [d, m] = [Number(match[1]), Number(match[2])];
    if (!validCalendarDate(year, m, d)) return fail(`« ${text} » n'est pas une date valide (jj/mm/aaaa)`);
    return ok({ date: `${year}-${pad(m)}-${pad(d)}`, time: match[4] ? `${pad(Number(match[4]))}:${match[5]}` : null });
  }
  match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!validCalendarDate(y, m, d)) return fail(`« ${text} » n'est pas une date valide`);
    return ok({ date: `${match[1]}-${match[2]}-${match[3]}`, time: match[4] ? `${match[4]}:${match[5]}` : null });
  }
  // A serial number that reached us as text (CSV exported from Excel without formats).
  if (/^\d{5}(?:[.,]\d+)?$/.test(text)) {
    const parsed = fromExcelSerial(Number(text.replace(',', '.')), date1904);
    if (parsed) return ok(parsed);
  }
  return fail(`« ${text} » n'est pas une date (jj/mm/aaaa, aaaa-mm-jj ou date Excel)`);
}

/** A time of day: `14:05`, `14h05`, `14:05:30`, or an Excel day fraction. */
export function parseTime(value: CellValue | undefined): Parsed<string> {
  if (typeof value === 'number' && value >= 0 && value < 1) {
    const minutes = Math.round(value * 1440);
    return ok(`${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`);
  }
  const match = /^(\d{1,2})\s*[:h]\s*(\d{2})(?::\d{2})?$/i.exec(cellText(value));
  if (match && Number(match[1]) < 24 && Number(match[2]) < 60) return ok(`${pad(Number(match[1]))}:${match[2]}`);
  return fail(`« ${cellText(value)} » n'est pas une heure (hh:mm)`);
}

/** An edition year: `2023`, `2023.0`, `Édition 2023`, `Baromètre 2023`. */
export function parseEdition(value: CellValue | undefined): Parsed<number> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 2000 && value <= 2100) return ok(value);
  const match = /(?:^|\D)(20\d{2})(?:\D|$)/.exec(cellText(value));
  return match ? ok(Number(match[1])) : fail(`« ${cellText(value)} » n'est pas une édition (année)`);
}

export function parseInteger(value: CellValue | undefined): Parsed<number> {
  const parsed = parseNumber(value);
  if (!parsed.ok) return parsed;
  return Number.isInteger(parsed.value) ? parsed : fail(`« ${cellText(value)} » n'est pas un nombre entier`);
}
