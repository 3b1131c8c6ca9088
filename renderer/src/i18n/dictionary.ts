/**
 * The interface dictionary: every text of the renderer, French (messages-fr.ts) and English
 * (messages-en.ts), under dotted keys by area (`scores.title`, `export.download`). `useI18n().t`
 * reads it; the helpers here serve code that cannot call a hook.
 */
import type { Lang } from '../../../shared/domain.js';
import { en } from './messages-en.js';
import { fr, type MessageKey } from './messages-fr.js';

export const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { fr, en };

/** Whether a key built at run time (`referential.field_${field}`) is in the dictionary. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(fr, key);
}

/** The keys of one area, without its prefix: `SectionKey<'structure'>` has `trendSamePanel`. */
export type SectionKey<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer Rest}` ? Rest : never) : never;

/**
 * One area's texts as a plain object (`{ trendSamePanel: '…' }`), for pure builders that take
 * their words as data (the Fiche structure's chart and table builders).
 */
export function sectionTexts<P extends string>(lang: Lang, prefix: P): Readonly<Record<SectionKey<P>, string>> {
  const start = `${prefix}.`;
  const texts: Record<string, string> = {};
  for (const [key, text] of Object.entries(DICTIONARIES[lang])) if (key.startsWith(start)) texts[key.slice(start.length)] = text;
  return texts as Record<SectionKey<P>, string>;
}
