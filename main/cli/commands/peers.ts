import type { CliCommand } from '../command.js';
import { disclosureRule } from '../../analytics/disclosure.js';
import { peerBenchmark } from '../../analytics/index.js';
import { AppError } from '../../../shared/errors.js';
import { formatInt, formatScore, table } from '../format.js';
import { EDITION_OPTION, LEVEL_LABELS, editionOf, levelOf } from './analytics-options.js';
import { LEVELS } from '../../../shared/domain.js';

export const peersCommand: CliCommand = {
  name: 'peers',
  summary: "Une structure face à ses pairs (sa catégorie, même édition) à chaque niveau",
  help: [
    `Usage : barometer peers CODE [--edition ANNÉE] [--level ${LEVELS.join('|')}|all] [--db FICHIER] [--json]`,
    '',
    'Pour chaque niveau et clé : le score de la structure, et pour les structures de sa catégorie',
    'dans la même édition (elle comprise) : n, moyenne, médiane, 1er et 3e quartiles (type 7,',
    'comme QUARTILE.INC d’Excel), minimum, maximum ; son rang (1 = meilleur, ex æquo au meilleur',
    'rang) et son percentile (100 × (pairs strictement en dessous + ½ ex æquo, elle comprise) / n).',
    'Par défaut : tous les niveaux.',
  ].join('\n'),
  options: { ...EDITION_OPTION, level: { type: 'string' } },
  run(ctx) {
    const [code] = ctx.positionals;
    if (!code) throw AppError.keyed('INVALID_INPUT', 'cli.structureCodeMissing', { usage: 'barometer peers CODE' });
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const level = levelOf(ctx, undefined);
    const rows = peerBenchmark(db, { edition, structure: code, ...(level ? { level } : {}) });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    const first = rows[0];
    if (first) ctx.io.out(`${first.name} (${first.structure}) — ${first.categoryLabel} — édition ${edition}`);
    // A diagnostic workspace compares to the imported national benchmark, and says so.
    if (first?.reference) ctx.io.out(`Pairs : ${first.reference.label} (pas de rang ni de percentile : le fichier ne porte que des statistiques).`);
    ctx.io.out(table(['Niveau', 'Clé', 'Score', 'n', 'Moyenne', 'Médiane', 'Q1', 'Q3', 'Min', 'Max', 'Rang', 'Percentile'], rows.map((r) => [
      LEVEL_LABELS[r.level], r.level === 'overall' ? '' : r.level === 'item' || r.level === 'determinant' ? r.key : r.label,
      formatScore(r.score), r.n === null ? '—' : formatInt(r.n), formatScore(r.mean), formatScore(r.median), formatScore(r.q1), formatScore(r.q3), formatScore(r.min), formatScore(r.max),
      r.rank === null || r.n === null ? '—' : `${formatInt(r.rank)}/${formatInt(r.n)}`, formatScore(r.percentile),
    ])));
    if (rows.some((r) => r.suppressed !== null)) {
      const rule = disclosureRule(db);
      ctx.io.out(`— : masqué par la règle de confidentialité (moyenne et n à partir de ${rule.meanMinOthers} autres structures ; médiane, quartiles, min, max, rang et percentile à partir de ${rule.distributionMinOthers}).`);
    }
    return 0;
  },
};
