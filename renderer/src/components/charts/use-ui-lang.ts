/**
 * The interface language for the chart wrapper, read from the app's i18n context, plus a tiny
 * `{name}` interpolation for the wrapper's own messages.
 */
import type { Lang } from '../../../../shared/domain.js';
import { useI18n } from '../../i18n/index.js';

export function useUiLang(): Lang {
  return useI18n().lang;
}

/** Fills `{name}` placeholders of a message. */
export function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
