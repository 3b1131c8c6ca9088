/** Texts shared by the analysis views' states and common controls. */
import type { Messages } from './use-messages.js';

const fr = {
  loading: 'Chargement des données…',
  emptyTitle: 'Aucune donnée pour cette édition',
  emptyHint: 'Importez des résultats d’audit pour cette édition, ou choisissez une autre édition.',
  errorTitle: 'Les données n’ont pas pu être chargées',
  retry: 'Réessayer',
  goImport: 'Importer des résultats',
  edition: 'Édition',
  noEdition: 'Aucune édition',
};

export const commonMessages: Messages<typeof fr> = {
  fr,
  en: {
    loading: 'Loading data…',
    emptyTitle: 'No data for this edition',
    emptyHint: 'Import audit results for this edition, or choose another edition.',
    errorTitle: 'The data could not be loaded',
    retry: 'Retry',
    goImport: 'Import results',
    edition: 'Edition',
    noEdition: 'No edition',
  },
};
