/**
 * The Fiche structure's texts as one object per language, for the pure chart and table builders of
 * structure-charts.ts (they take their words as data). The texts themselves are in the interface
 * dictionary, under `structure.`.
 */
import { sectionTexts } from '../../i18n/dictionary.js';

export const messages = { fr: sectionTexts('fr', 'structure'), en: sectionTexts('en', 'structure') };
