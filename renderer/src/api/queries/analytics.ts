/**
 * Analytics read outside the analysis views (the views keep their own hooks beside them): the
 * completeness warnings of the Accueil. The interface language is part of the input, so labels
 * come back in the user's language.
 */
import { useI18n } from '../../i18n/index.js';
import { useApiQuery } from '../query.js';

/** Completeness warnings; without an edition the main side takes the latest. */
export function useCompleteness(edition: number | null, enabled = true) {
  const { lang } = useI18n();
  return useApiQuery('analytics.completeness', { ...(edition === null ? {} : { edition }), lang }, { enabled });
}
