/**
 * Each analysis view keeps its UI text in a `messages.ts` beside it (`{ fr, en }`, same keys);
 * `useMessages` picks the current language from the app's i18n and fills `{name}` placeholders.
 */
import { useCallback } from 'react';
import type { Lang } from '../../../../shared/domain.js';
import { useI18n } from '../../i18n/index.js';
import { interpolate } from '../../components/charts/use-ui-lang.js';

export type Messages<T extends Record<string, string>> = { fr: T; en: { [K in keyof T]: string } };

export interface MessagesApi<T extends Record<string, string>> {
  lang: Lang;
  m: { [K in keyof T]: string };
  t: (key: keyof T, values?: Record<string, string | number>) => string;
}

export function useMessages<T extends Record<string, string>>(messages: Messages<T>): MessagesApi<T> {
  const { lang } = useI18n();
  const m = messages[lang];
  const t = useCallback(
    (key: keyof T, values?: Record<string, string | number>): string => {
      const template = m[key];
      return values ? interpolate(template, values) : template;
    },
    [m],
  );
  return { lang, m, t };
}
