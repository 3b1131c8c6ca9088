import type { CliCommand } from '../command.js';
import { AppError } from '../../../shared/errors.js';
import { table } from '../format.js';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export const importsCommand: CliCommand = {
  name: 'imports',
  summary: 'Historique des imports ; « imports undo » annule le plus récent',
  help: [
    'Usage : barometer imports [--db FICHIER] [--json]',
    '        barometer imports undo [--force] [--db FICHIER] [--json]',
    '',
    'Sans argument : la liste des imports, du plus récent au plus ancien.',
    "undo : annule le dernier import actif et restaure ce qu'il avait remplacé. À répéter pour",
    'remonter l’historique, un import à la fois.',
    'Refusé si une valeur que l’annulation restaurerait ou supprimerait a été corrigée à la main',
    'depuis cet import (la liste est affichée) ; --force annule quand même et marque ces',
    'corrections annulées dans leur historique, avec le numéro de l’import.',
  ].join('\n'),
  options: { force: { type: 'boolean' } },
  async run(ctx) {
    const [action] = ctx.positionals;
    // Loaded here: the import pipeline brings SheetJS, which `barometer --help` must not pay for.
    const { listImports, undoLastImport } = await import('../../import/index.js');
    const db = ctx.openDb();
    if (action === 'undo') {
      const result = undoLastImport(db, { force: ctx.values.force === true });
      if (ctx.json) {
        ctx.io.out(JSON.stringify(result, null, 2));
        return 0;
      }
      ctx.io.out(`Import n° ${result.importId} (${result.fileName}) annulé : ${result.deleted.audits} audit(s) et ${result.deleted.observations} observation(s) supprimés, ${result.restored.audits + result.restored.observations + result.restored.structures + result.restored.items} ligne(s) restaurée(s).`);
      if (result.overriddenCorrections.length > 0) {
        ctx.io.out(`${result.overriddenCorrections.length} correction(s) faite(s) à la main depuis cet import remplacée(s) et marquée(s) annulée(s) :`);
        for (const c of result.overriddenCorrections) ctx.io.out(`  n° ${c.id} : ${c.structureCode} · ${c.auditRef} · ${c.itemCode} (${c.field}, ${c.userName})`);
      }
      return 0;
    }
    if (action !== undefined) throw AppError.keyed('INVALID_INPUT', 'cli.onlyUndo', { action });
    const imports = listImports(db);
    if (ctx.json) {
      ctx.io.out(JSON.stringify(imports, null, 2));
      return 0;
    }
    if (imports.length === 0) {
      ctx.io.out('Aucun import dans cet espace de travail.');
      return 0;
    }
    // Added and changed: a corrected file adds nothing but changes values, and says how many.
    const written = (d: { new: number; changed: number } | undefined): string => (d ? `+${d.new} ~${d.changed}` : '');
    ctx.io.out(table(['N°', 'Date', 'Fichier', 'Type', 'Lignes', 'Audits', 'Observations', 'État'], imports.map((i) => [
      i.id, dateTime.format(new Date(i.importedAt)), i.fileName, i.kind, i.rowsRead, written(i.counts.audits), written(i.counts.observations), i.status === 'active' ? 'actif' : `annulé`,
    ])));
    return 0;
  },
};
