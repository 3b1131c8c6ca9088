/**
 * `barometer backup [--out FICHIER]`: an online copy of the workspace (SQLite's backup API, safe
 * while the app has it open) into `sauvegardes/` beside it, then rotation (setting `backup.keep`);
 * with `--out`, a copy at that path instead (« Enregistrer une copie »), outside the rotation.
 */
import type { CliCommand } from '../command.js';
import { createBackup, saveCopy } from '../../workspace/backup.js';
import { backupFolder } from '../../db/backups.js';
import { formatBytes } from './restore.js';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: "Sauvegarde l'espace de travail (dossier « sauvegardes/ », ou --out FICHIER)",
  help: [
    'Usage : barometer backup [--out FICHIER] [--db FICHIER] [--json]',
    '',
    "Copie l'espace de travail, même ouvert dans l'application, dans le dossier « sauvegardes/ »",
    'à côté de lui (nom : <espace>-AAAAMMJJ-HHMMSS-manuelle.sqlite). Seules les N copies les plus',
    'récentes sont gardées (réglage de l\'espace « backup.keep », 10 par défaut ; la dernière copie',
    "faite avant une mise à jour du schéma n'est jamais effacée). Avec --out, la copie est écrite à",
    "ce chemin (remplacé s'il existe) et n'entre pas dans la rotation.",
    'Restaurer : « barometer restore --list », puis « barometer restore FICHIER » ou « --latest ».',
  ].join('\n'),
  options: { out: { type: 'string' } },
  async run(ctx) {
    const db = ctx.openDb();
    const out = ctx.values.out;
    if (typeof out === 'string') {
      const written = await saveCopy(db, out);
      if (ctx.json) ctx.io.out(JSON.stringify({ path: written }, null, 2));
      else ctx.io.out(`Copie de l'espace de travail enregistrée : ${written}`);
      return 0;
    }
    const entry = await createBackup(db, 'manuelle');
    if (ctx.json) ctx.io.out(JSON.stringify({ ...entry, folder: backupFolder(ctx.dbPath) }, null, 2));
    else ctx.io.out(`Sauvegarde créée : ${entry.name} (${formatBytes(entry.bytes)}) dans ${backupFolder(ctx.dbPath)}`);
    return 0;
  },
};
