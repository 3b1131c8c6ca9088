/**
 * Why two editions' scores are not comparable, in words: the analytics engine (main/analytics/
 * trends.ts) gives each reason a code and its parameters (items, editions, old and new values);
 * every surface (CLI, workbooks, PDF, interface) renders them here in its own language, so an
 * English deliverable never carries a French reason. Pure: no Node, no React.
 */
import type { TrendReason } from './analytics-types.js';

export type TrendReasonLang = 'fr' | 'en';

const NUMBER_FORMATS: Record<TrendReasonLang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 4 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 }),
};

const WORDS = {
  fr: {
    none: 'aucun',
    and: ' et ',
    separator: ' ; ',
    itemAbsent: (item: string, editions: string) => `item ${item} absent du référentiel en vigueur en ${editions}`,
    weight: (item: string, from: string, to: string) => `pondération de ${item} modifiée (${from} → ${to})`,
    threshold: (item: string, from: string, to: string) => `seuil de ${item} modifié (${from} → ${to})`,
    answerType: (item: string, from: string, to: string) => `type de réponse de ${item} modifié (${from} → ${to})`,
    removed: (codes: readonly string[]) => `retiré${codes.length > 1 ? 's' : ''} : ${codes.join(', ')}`,
    added: (codes: readonly string[]) => `ajouté${codes.length > 1 ? 's' : ''} : ${codes.join(', ')}`,
    composition: (from: number, to: number, parts: string) => `items qui le composent modifiés entre ${from} et ${to} (${parts})`,
  },
  en: {
    none: 'none',
    and: ' and ',
    separator: '; ',
    itemAbsent: (item: string, editions: string) => `item ${item} absent from the referential in force in ${editions}`,
    weight: (item: string, from: string, to: string) => `weight of ${item} changed (${from} → ${to})`,
    threshold: (item: string, from: string, to: string) => `threshold of ${item} changed (${from} → ${to})`,
    answerType: (item: string, from: string, to: string) => `answer type of ${item} changed (${from} → ${to})`,
    removed: (codes: readonly string[]) => `removed: ${codes.join(', ')}`,
    added: (codes: readonly string[]) => `added: ${codes.join(', ')}`,
    composition: (from: number, to: number, parts: string) => `items composing it changed between ${from} and ${to} (${parts})`,
  },
} as const;

/** One reason in `lang`. */
export function trendReasonText(reason: TrendReason, lang: TrendReasonLang): string {
  const w = WORDS[lang];
  const value = (v: number | null): string => (v === null ? w.none : NUMBER_FORMATS[lang].format(v));
  switch (reason.code) {
    case 'item-absent': return w.itemAbsent(reason.params.item, reason.params.editions.join(w.and));
    case 'weight-changed': return w.weight(reason.params.item, value(reason.params.from), value(reason.params.to));
    case 'threshold-changed': return w.threshold(reason.params.item, value(reason.params.from), value(reason.params.to));
    case 'answer-type-changed': return w.answerType(reason.params.item, reason.params.from, reason.params.to);
    case 'composition-changed': {
      const { removed, added } = reason.params;
      const parts = [removed.length > 0 ? w.removed(removed) : '', added.length > 0 ? w.added(added) : ''].filter(Boolean);
      return w.composition(reason.params.from, reason.params.to, parts.join(w.separator));
    }
    case 'definition-changed': return trendReasonsText(reason.params.changes, lang);
  }
}

/** Every reason of a pair of editions in one sentence (« ; » between them); empty when comparable. */
export function trendReasonsText(reasons: readonly TrendReason[], lang: TrendReasonLang): string {
  return reasons.map((r) => trendReasonText(r, lang)).join(WORDS[lang].separator);
}
