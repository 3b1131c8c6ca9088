/**
 * The interface language: French by default, English on demand. `useI18n()` gives
 * `{ lang, setLang, t, tn, fmt }`: `t(key, vars)` for every text of the interface (one dictionary,
 * dictionary.ts, keys by area: `scores.title`), `tn` for a text that depends on a count, `fmt` for
 * numbers and dates (Intl fr-FR / en-GB). The choice is
 * remembered by the main side (`app.setLanguage`) and in localStorage (instant on reload).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Lang } from '../../../shared/domain.js';
import { invoke } from '../api/client.js';
import { createFormatters, type Formatters } from './format.js';
import { DICTIONARIES } from './dictionary.js';
import { fr, type MessageKey } from './messages-fr.js';

export type { MessageKey } from './messages-fr.js';
export { isMessageKey, sectionTexts, type SectionKey } from './dictionary.js';
export type { Formatters } from './format.js';

export type Vars = Readonly<Record<string, string | number>>;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** A text of the shared dictionary, `{name}` placeholders filled from `vars`. */
  t: (key: MessageKey, vars?: Vars) => string;
  /**
   * A text that depends on a count: the dictionary's `key.one` (or another CLDR plural form of the
   * language: French says « 0 problème », English "0 problems") when it exists, else `key`;
   * `{count}` is filled with the formatted count.
   */
  tn: (key: MessageKey, count: number, vars?: Vars) => string;
  fmt: Formatters;
}

const STORAGE_KEY = 'barometer.lang';

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The language chosen in this browser, if any (it wins over the one the main side remembers). */
export function storedLang(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'fr' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

export function buildI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const dictionary = DICTIONARIES[lang];
  const fmt = createFormatters(lang);
  const pluralRules = new Intl.PluralRules(fmt.locale);
  const t = (key: MessageKey, vars?: Vars): string => fill(dictionary[key] ?? fr[key] ?? key, vars);
  return {
    lang,
    setLang,
    t,
    tn: (key, count, vars) => {
      const form = `${key}.${pluralRules.select(count)}` as MessageKey;
      return t(form in dictionary ? form : key, { ...vars, count: fmt.integer(count) });
    },
    fmt,
  };
}

const I18nContext = createContext<I18n>(buildI18n('fr', () => undefined));

export function I18nProvider({ children, serverLang }: { children: ReactNode; serverLang?: Lang | null }): React.JSX.Element {
  const [lang, setLangState] = useState<Lang>(() => storedLang() ?? 'fr');
  const chosenHere = useRef(storedLang() !== null);

  // The main side remembers the choice across sessions and windows; adopt it unless the user
  // already chose in this browser.
  useEffect(() => {
    if (serverLang && !chosenHere.current) setLangState(serverLang);
  }, [serverLang]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    chosenHere.current = true;
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be disabled: the server copy below still remembers it.
    }
    invoke('app.setLanguage', { lang: next }).catch(() => undefined);
  }, []);

  const value = useMemo(() => buildI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
