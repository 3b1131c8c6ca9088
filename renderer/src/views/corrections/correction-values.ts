/** How corrected values read on screen: answers in the interface language, measures in its number format. */
import type { CorrectionField } from '../../../../shared/correction-types.js';
import { ANSWER_WORDS } from '../../../../shared/correction-types.js';
import type { Lang } from '../../../../shared/domain.js';
import type { I18n } from '../../i18n/index.js';

/** The three answers an analyst picks from, as the API takes them (French words it reads back). */
export const ANSWER_CHOICES = [ANSWER_WORDS.compliant, ANSWER_WORDS.nonCompliant, ANSWER_WORDS.notApplicable] as const;

export function answerLabel(word: string, t: I18n['t']): string {
  if (word === ANSWER_WORDS.compliant) return t('corrections.answerCompliant');
  if (word === ANSWER_WORDS.nonCompliant) return t('corrections.answerNonCompliant');
  if (word === ANSWER_WORDS.notApplicable) return t('corrections.answerNa');
  return word;
}

export function answerWordOf(compliant: 0 | 1 | null): string {
  return compliant === 1 ? ANSWER_WORDS.compliant : compliant === 0 ? ANSWER_WORDS.nonCompliant : ANSWER_WORDS.notApplicable;
}

/** A history value (answer word, measure with a dot, comment) for display. */
export function displayValue(field: CorrectionField, value: string | null, t: I18n['t'], lang: Lang): string {
  if (value === null || value === '') return t('corrections.empty');
  if (field === 'answer') return answerLabel(value, t);
  if (field === 'measure') {
    const n = Number(value);
    return Number.isFinite(n) ? new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 3 }).format(n) : value;
  }
  return value;
}
