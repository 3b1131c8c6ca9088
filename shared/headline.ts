/**
 * The headline indicators of the barometer brochure, by the item codes of the reference
 * referential (the demo generator writes these codes; a real referential may name others, which
 * the analyst then picks in the UI or with `--item`).
 */
export interface HeadlineIndicator {
  readonly item: string;
  readonly fr: string;
  readonly en: string;
  /** The 2023 brochure's figures, public vs private panel, in percent. */
  readonly brochure2023: { readonly public: number; readonly prive: number };
}

/** The edition the brochure's figures describe: the reference bars compare with it (or with the demo, calibrated on it). */
export const BROCHURE_EDITION = 2023;

export const HEADLINE_INDICATORS: readonly HeadlineIndicator[] = [
  {
    item: 'MEL-01',
    fr: 'Courriels répondus en moins de 24 h',
    en: 'Emails answered within 24 hours',
    brochure2023: { public: 38, prive: 85 },
  },
  {
    item: 'MEL-02',
    fr: 'Courriels contenant une formule de politesse',
    en: 'Emails containing a polite phrase',
    brochure2023: { public: 99, prive: 91 },
  },
];
