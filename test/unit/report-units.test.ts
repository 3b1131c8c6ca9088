/** The unit a report prints beside a raw measure, read from the item's label (the demo's referential labels). */
import { describe, expect, it } from 'vitest';
import { unitOfItem } from '../../main/report/report-model.js';

describe('unit of a measured item', () => {
  it('reads counts in their own unit, durations in theirs, and prints no unit for an unknown count', () => {
    expect(unitOfItem('Nombre de sonneries avant le décroché')).toBe('rings');
    expect(unitOfItem("Nombre de clics pour atteindre l'information recherchée")).toBe('clicks');
    expect(unitOfItem('Nombre de publications au cours des 30 derniers jours')).toBe('posts');
    expect(unitOfItem('Nombre de transferts avant le bon interlocuteur')).toBeNull();
    expect(unitOfItem('Délai de réponse au courriel (heures)')).toBe('hours');
    expect(unitOfItem("Temps d'attente avant d'être reçu (minutes)")).toBe('minutes');
    expect(unitOfItem('Délai de traitement du courrier (jours)')).toBe('days');
  });
});
