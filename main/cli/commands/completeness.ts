import type { CliCommand } from '../command.js';
import { completeness } from '../../analytics/index.js';
import { CHANNELS, DEFAULT_EXPECTED_AUDITS, labelOf } from '../../../shared/domain.js';
import { formatInt, table } from '../format.js';
import { EDITION_OPTION, editionOf } from './analytics-options.js';

export const completenessCommand: CliCommand = {
  name: 'completeness',
  summary: 'Complétude des données : audits manquants ou en trop, canaux sans audit, items jamais observés',
  help: [
    'Usage : barometer completeness [--edition ANNÉE] [--db FICHIER] [--json]',
    '',
    `Structures dont le nombre d’audits diffère de celui attendu par l’édition (${DEFAULT_EXPECTED_AUDITS} par défaut),`,
    'canaux sans audit (par structure et pour toute l’édition), items en vigueur jamais observés,',
    'observations d’items absents du référentiel en vigueur (exclues des scores).',
  ].join('\n'),
  options: { ...EDITION_OPTION },
  run(ctx) {
    const db = ctx.openDb();
    const report = completeness(db, { edition: editionOf(ctx, db) });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    const channel = (code: string): string => labelOf(CHANNELS, code);
    ctx.io.out(`Édition ${report.edition} : ${formatInt(report.structures)} structures, ${formatInt(report.audits)} audits, ${formatInt(report.observations)} observations ; ${report.expectedAudits} audits attendus par structure.`);
    ctx.io.out(`\nNombre d'audits différent de ${report.expectedAudits} : ${report.auditCount.length} structure(s)`);
    if (report.auditCount.length > 0) {
      ctx.io.out(table(['Structure', 'Nom', 'Catégorie', 'Audits', 'Écart'], report.auditCount.map((r) => [r.structure, r.name, r.categoryLabel, formatInt(r.audits), `${r.difference > 0 ? '+' : ''}${r.difference}`])));
    }
    ctx.io.out(`\nCanaux sans aucun audit dans l'édition : ${report.channelsWithoutAudit.length ? report.channelsWithoutAudit.map(channel).join(', ') : 'aucun'}`);
    ctx.io.out(`\nStructures sans audit sur certains canaux : ${report.missingChannelsByStructure.length}`);
    if (report.missingChannelsByStructure.length > 0) {
      ctx.io.out(table(['Structure', 'Nom', 'Canaux sans audit'], report.missingChannelsByStructure.map((r) => [r.structure, r.name, r.channels.map(channel).join(', ')])));
    }
    ctx.io.out(`\nItems en vigueur jamais observés : ${report.itemsNeverObserved.length}`);
    if (report.itemsNeverObserved.length > 0) {
      ctx.io.out(table(['Item', 'Libellé', 'Canal'], report.itemsNeverObserved.map((r) => [r.item, r.label, channel(r.channel)])));
    }
    if (report.observationsOfUnknownItems.length > 0) {
      ctx.io.out(`\nObservations d'items absents du référentiel en vigueur (exclues des scores) :`);
      ctx.io.out(table(['Item', 'Observations', 'Audits'], report.observationsOfUnknownItems.map((r) => [r.item, formatInt(r.observations), formatInt(r.audits)])));
    }
    return 0;
  },
};
