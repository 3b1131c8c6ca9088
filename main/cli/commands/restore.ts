/**
 * `barometer restore [FICHIER | --latest] [--list]`: lists the backup copies of the workspace, or
 * replaces the workspace with one (main/workspace/backup.ts: the copy is checked first, the
 * replaced file is kept as `…-avant-restauration.sqlite`). Never opens the workspace itself: a
 * workspace too damaged to open can still be restored.
 */
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { AppError } from '../../../shared/errors.js';
import { listBackupCopies } from '../../db/backups.js';
import { restoreFromFile } from '../../workspace/backup.js';
import { table } from '../format.js';

const REASONS: Record<string, string> = {
  manuelle: 'manuelle',
  import: 'avant import',
  correction: 'avant correction',
  'avant-restauration': 'avant restauration',
  migration: 'avant mise à jour du schéma',
};

export function formatBytes(bytes: number): string {
  const format = (n: number): string => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);
  if (bytes >= 1024 ** 3) return `${format(bytes / 1024 ** 3)} Go`;
  if (bytes >= 1024 ** 2) return `${format(bytes / 1024 ** 2)} Mo`;
  return `${format(Math.max(1, Math.round(bytes / 1024)))} ko`;
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: "Restaure une sauvegarde de l'espace de travail (--list pour les voir)",
  help: [
    'Usage : barometer restore [FICHIER | --latest] [--list] [--db FICHIER] [--json]',
    '',
    "--list      liste les sauvegardes de l'espace (dossier « sauvegardes/ » et copies faites avant",
    '            une mise à jour du schéma), la plus récente en premier ;',
    '--latest    restaure la plus récente ;',
    'FICHIER     restaure cette copie (un nom de la liste, ou le chemin d\'une copie).',
    '',
    "La copie est d'abord vérifiée (espace du Baromètre, intégrité complète) : une copie étrangère ou",
    "endommagée est refusée et l'espace n'est pas modifié. L'espace remplacé est gardé dans",
    '« sauvegardes/ » sous <espace>-AAAAMMJJ-HHMMSS-avant-restauration.sqlite. Fermez l\'application',
    'avant de restaurer depuis la ligne de commande.',
  ].join('\n'),
  options: { list: { type: 'boolean' }, latest: { type: 'boolean' } },
  run(ctx) {
    const copies = listBackupCopies(ctx.dbPath);
    const wanted = ctx.positionals[0];
    if (ctx.values.list || (!wanted && !ctx.values.latest)) {
      if (ctx.json) {
        ctx.io.out(JSON.stringify(copies.map((c) => ({ name: c.name, reason: c.reason, createdAt: c.modifiedAt, bytes: c.bytes, path: c.path })), null, 2));
        return 0;
      }
      if (copies.length === 0) {
        ctx.io.out(`Aucune sauvegarde de « ${path.basename(ctx.dbPath)} » (« barometer backup » en crée une).`);
        return 0;
      }
      const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });
      ctx.io.out(table(['Sauvegarde', 'Date', 'Motif', 'Taille'], copies.map((c) => [c.name, when.format(new Date(c.modifiedAt)), REASONS[c.reason] ?? c.reason, formatBytes(c.bytes)])));
      if (!wanted && !ctx.values.latest && !ctx.values.list) ctx.io.out('\nPour restaurer : barometer restore NOM (ou --latest).');
      return 0;
    }
    let source: string;
    if (ctx.values.latest) {
      const latest = copies[0];
      if (!latest) throw AppError.keyed('NOT_FOUND', 'cli.restore.noBackup', { name: path.basename(ctx.dbPath) });
      source = latest.path;
    } else {
      // A name from the list, else a path the user typed.
      source = copies.find((c) => c.name === wanted)?.path ?? path.resolve(wanted!);
    }
    const result = restoreFromFile(ctx.dbPath, source);
    if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2));
    else ctx.io.out(`Espace de travail restauré depuis « ${result.restored} ».${result.previousKeptAs ? ` L'espace remplacé est conservé sous « ${result.previousKeptAs} » (dossier sauvegardes).` : ''}`);
    return 0;
  },
};
