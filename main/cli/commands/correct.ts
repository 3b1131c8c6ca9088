/**
 * `barometer correct`: corrects one observation's answer, measure or comment in place, with a
 * reason (main/corrections), and says how the structure's overall score moved. Every correction of
 * one invocation shares one session id (`corrections undo --session`), unless --session names one.
 */
import type { CliCommand } from '../command.js';
import { correctObservation, findAudit, newSessionId } from '../../corrections/index.js';
import { structureScores } from '../../analytics/index.js';
import { AppError } from '../../../shared/errors.js';
import type { CorrectionEntry, CorrectionRequest } from '../../../shared/correction-types.js';
import { formatScore } from '../format.js';
import { stringOption } from './analytics-options.js';
import type { Db } from '../../db/connection.js';

const FIELD_LABELS: Record<CorrectionEntry['field'], string> = { answer: 'réponse', measure: 'mesure', comment: 'commentaire' };

/** The history text of a value, as a person reads it: measures with a decimal comma. */
export function valueText(entry: CorrectionEntry, value: string | null): string {
  if (value === null) return '—';
  return entry.field === 'measure' ? value.replace('.', ',') : `« ${value} »`;
}

function overallScore(db: Db, edition: number, structure: string): number | null {
  return structureScores(db, { edition, structure, level: 'overall' })[0]?.score ?? null;
}

export const correctCommand: CliCommand = {
  name: 'correct',
  summary: "Corrige la réponse, la mesure ou le commentaire d'une observation (avec motif)",
  help: [
    'Usage : barometer correct --audit RÉF --item CODE [--answer RÉPONSE] [--measure MESURE]',
    '                          [--comment TEXTE] --reason MOTIF [--edition ANNÉE] [--user NOM]',
    '                          [--session ID] [--db FICHIER] [--json]',
    '',
    "Corrige sur place l'observation d'un critère dans un audit, avec les règles de l'import :",
    '  --answer    une réponse que le critère accepte (Conforme, Non conforme, Non applicable, Oui,',
    '              Non, NA…) ; pour un critère à seuil, une réponse sans mesure efface la mesure',
    "  --measure   une mesure brute (31,5 ; 00:02:35 ; 2 min 35) jugée contre le seuil de l'item",
    '  --comment   le nouveau commentaire ("" l\'efface)',
    '  --reason    le motif, obligatoire, gardé dans l’historique',
    "  --edition   l'édition de l'audit, quand sa référence existe dans plusieurs éditions",
    "  --user      le nom inscrit dans l'historique (défaut : réglage de l'espace, sinon l'utilisateur du système)",
    '  --session   rattache la correction à une session existante (défaut : une session par appel)',
    '',
    "L'observation, l'historique et les scores de l'édition sont écrits dans une seule transaction.",
    'Voir « barometer corrections » pour l’historique et l’annulation.',
  ].join('\n'),
  options: {
    audit: { type: 'string' }, item: { type: 'string' }, answer: { type: 'string' }, measure: { type: 'string' },
    comment: { type: 'string' }, reason: { type: 'string' }, edition: { type: 'string', short: 'e' }, user: { type: 'string' }, session: { type: 'string' },
  },
  run(ctx) {
    const audit = stringOption(ctx, 'audit');
    const item = stringOption(ctx, 'item');
    if (!audit || !item) throw AppError.keyed('INVALID_INPUT', 'cli.correct.target');
    const reason = stringOption(ctx, 'reason');
    if (!reason) throw AppError.keyed('INVALID_INPUT', 'cli.correct.reasonMissing');
    const editionText = stringOption(ctx, 'edition');
    if (editionText !== undefined && !/^\d{4}$/.test(editionText)) throw AppError.keyed('INVALID_INPUT', 'cli.editionFourDigits', { value: editionText });
    const answer = stringOption(ctx, 'answer');
    const measure = stringOption(ctx, 'measure');
    const comment = ctx.values.comment;
    if (answer === undefined && measure === undefined && typeof comment !== 'string') {
      throw AppError.keyed('INVALID_INPUT', 'cli.correct.nothing');
    }
    const user = stringOption(ctx, 'user');
    const session = stringOption(ctx, 'session');
    const request: CorrectionRequest = {
      auditReference: audit, itemCode: item, reason,
      ...(editionText !== undefined ? { edition: Number(editionText) } : {}),
      ...(answer !== undefined ? { answer } : {}),
      ...(measure !== undefined ? { measure } : {}),
      ...(typeof comment === 'string' ? { comment } : {}),
      ...(user !== undefined ? { userName: user } : {}),
      // One invocation, one session (the runner may call several commands in one process).
      sessionId: session ?? newSessionId(),
    };

    const db = ctx.openDb();
    const target = findAudit(db, request);
    const scoreBefore = overallScore(db, target.edition, target.structureCode);
    const result = correctObservation(db, request);
    const first = result.entries[0]!;
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const scoreAfter = overallScore(db, first.edition, first.structureCode);
    ctx.io.out(`Correction n° ${first.changeId} : audit ${first.auditReference} (édition ${first.edition}), critère ${first.itemCode}, ${first.structureName} (${first.structureCode}).`);
    for (const entry of [...result.entries].reverse()) {
      ctx.io.out(`  ${FIELD_LABELS[entry.field]} : ${valueText(entry, entry.before)} → ${valueText(entry, entry.after)}`);
    }
    ctx.io.out(`Motif : ${first.reason} (${first.userName}, session ${first.sessionId}).`);
    ctx.io.out(`Score global de ${first.structureName} en ${first.edition} : ${formatScore(scoreBefore)} → ${formatScore(scoreAfter)}.`);
    return 0;
  },
};
