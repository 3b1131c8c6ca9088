import { slugify } from '../../../../shared/text.js';

/** `Scores par étape` → `scores-par-etape.png`: the file name of a saved chart. */
export function chartFileName(title: string, extension: 'png' | 'svg'): string {
  return `${slugify(title, 80)}.${extension}`;
}
