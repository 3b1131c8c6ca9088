/**
 * `barometer corrections`: the corrections history (per structure, audit, item, edition or
 * session), and `corrections undo` to take one correction, the latest, or a whole session back.
 */
import type { CliCommand, CliContext } from '../command.js';
import { listCorrections, undoCorrection, undoLastCorrection, undoSession } from '../../corrections/index.js';
import { AppError } from '../../../shared/errors.js';
import type { CorrectionEntry, CorrectionHistoryFilter, CorrectionUndoResult } from '../../../shared/correction-types.js';
import { table } from '../format.js';
import { stringOption } from './analytics-options.js';
import { valueText } from './correct.js';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const FIELD_LABELS: Record<CorrectionEntry['field'], string> = { answer: 'Réponse', measure: 'Mesure', comment: 'Commentaire' };

function positiveInt(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw AppError.keyed('INVALID_INPUT', 'cli.corrections.idInvalid', { option, value: text });
  return Number(text);
}

function state(entry: CorrectionEntry): string {
  if (entry.undoneAt !== null) return `annulée le ${dateTime.format(new Date(entry.undoneAt))}`;
  return entry.current ? 'en vigueur' : 'remplacée';
}

function printUndo(ctx: CliContext, result: CorrectionUndoResult): void {
  if (ctx.json) {
    ctx.io.out(JSON.stringify(result, null, 2));
    return;
  }
  const changes = new Set(result.undone.map((e) => e.changeId));
  ctx.io.out(`${changes.size} correction(s) annulée(s) (${result.undone.length} valeur(s) restaurée(s)) ; scores recalculés pour ${result.refreshedEditions.join(', ')}.`);
  for (const entry of result.undone) {
    ctx.io.out(`  n° ${entry.changeId} : ${entry.auditReference} ${entry.itemCode}, ${FIELD_LABELS[entry.field].toLowerCase()} ${valueText(entry, entry.after)} → ${valueText(entry, entry.before)}`);
  }
  if (result.backup) ctx.io.out(`Sauvegarde prise avant l'annulation : sauvegardes/${result.backup}`);
}

export const correctionsCommand: CliCommand = {
  name: 'corrections',
  summary: 'Historique des corrections ; « corrections undo » en annule une, la dernière ou une session',
  help: [
    'Usage : barometer corrections [--structure CODE] [--audit RÉF] [--item CODE] [--edition ANNÉE]',
    '                              [--session ID] [--db FICHIER] [--json]',
    '        barometer corrections undo (--id N | --session ID | --last) [--db FICHIER] [--json]',
    '',
    'Sans argument : les corrections, de la plus récente à la plus ancienne, avec la valeur avant et',
    'après, le motif, l’auteur, la session et leur état (en vigueur, remplacée, annulée).',
    'undo : rend à l’observation ses valeurs d’avant et recalcule les scores de l’édition.',
    '  --id N        la correction n° N (toutes les valeurs qu’elle a changées ensemble)',
    '  --last        la correction la plus récente encore en vigueur',
    '  --session ID  toutes les corrections de la session, après une sauvegarde de l’espace',
    'Une valeur corrigée de nouveau depuis, ou changée par un import, n’est pas écrasée : l’annulation',
    'est refusée avec la raison.',
  ].join('\n'),
  options: {
    structure: { type: 'string' }, audit: { type: 'string' }, item: { type: 'string' }, edition: { type: 'string', short: 'e' },
    session: { type: 'string' }, id: { type: 'string' }, last: { type: 'boolean', default: false },
  },
  run(ctx) {
    const [action] = ctx.positionals;
    const session = stringOption(ctx, 'session');
    if (action === 'undo') {
      const id = stringOption(ctx, 'id');
      const chosen = [id !== undefined, session !== undefined, ctx.values.last === true].filter(Boolean).length;
      if (chosen !== 1) throw AppError.keyed('INVALID_INPUT', 'cli.corrections.oneTarget');
      const db = ctx.openDb();
      const result = id !== undefined ? undoCorrection(db, positiveInt(id, 'id')) : session !== undefined ? undoSession(db, session) : undoLastCorrection(db);
      printUndo(ctx, result);
      return 0;
    }
    if (action !== undefined) throw AppError.keyed('INVALID_INPUT', 'cli.onlyUndo', { action });

    const editionText = stringOption(ctx, 'edition');
    if (editionText !== undefined && !/^\d{4}$/.test(editionText)) throw AppError.keyed('INVALID_INPUT', 'cli.editionFourDigits', { value: editionText });
    const filter: CorrectionHistoryFilter = {};
    const structure = stringOption(ctx, 'structure');
    const audit = stringOption(ctx, 'audit');
    const item = stringOption(ctx, 'item');
    if (structure !== undefined) filter.structureCode = structure;
    if (audit !== undefined) filter.auditReference = audit;
    if (item !== undefined) filter.itemCode = item;
    if (session !== undefined) filter.sessionId = session;
    if (editionText !== undefined) filter.edition = Number(editionText);
    const db = ctx.openDb();
    const entries = listCorrections(db, filter);
    if (ctx.json) {
      ctx.io.out(JSON.stringify(entries, null, 2));
      return 0;
    }
    if (entries.length === 0) {
      ctx.io.out('Aucune correction.');
      return 0;
    }
    ctx.io.out(table(['N°', 'Date', 'Édition', 'Audit', 'Structure', 'Critère', 'Champ', 'Avant', 'Après', 'Motif', 'Par', 'État'], entries.map((e) => [
      String(e.changeId), dateTime.format(new Date(e.correctedAt)), String(e.edition), e.auditReference, e.structureCode, e.itemCode,
      FIELD_LABELS[e.field], valueText(e, e.before), valueText(e, e.after), e.reason, e.userName, state(e),
    ])));
    return 0;
  },
};
