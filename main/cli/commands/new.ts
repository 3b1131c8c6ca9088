/**
 * `barometer new`: creates a workspace. With `--diagnostic --structure CODE`, a diagnostic
 * workspace for one client's structure (main/diagnostic/diagnostic-workspace.ts), its referential
 * copied from a national workspace (`--from`) or imported later (`barometer import`).
 */
import type { CliCommand } from '../command.js';
import { AppError } from '../../../shared/errors.js';
import { openWorkspace } from '../../db/connection.js';
import { createDiagnosticWorkspace } from '../../diagnostic/diagnostic-workspace.js';
import { stringOption } from './analytics-options.js';
import fs from 'node:fs';
import path from 'node:path';

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Crée un espace de travail (--diagnostic : l’espace de diagnostic d’une structure cliente)',
  help: [
    'Usage : barometer new --db FICHIER',
    '        barometer new --diagnostic --structure CODE [--name NOM] [--category CATÉGORIE] [--from ESPACE_NATIONAL] --db FICHIER',
    '',
    'Crée un espace de travail vide dans FICHIER (qui ne doit pas déjà exister).',
    '',
    'Avec --diagnostic : un espace pour le diagnostic interne d’UNE structure cliente. On y saisit',
    '(« Nouvel audit ») ou importe ses audits ; ses comparaisons se font au repère national anonyme',
    'importé par « barometer benchmark import », faute de pairs dans l’espace.',
    '  --structure CODE   code de la structure cliente (SIREN ou code AFNOR)',
    '  --name NOM         son nom (sinon celui de l’espace national)',
    '  --category CAT     sa catégorie, code ou libellé (sinon celle de l’espace national)',
    '  --departement D, --region R',
    '  --from FICHIER     espace national d’où copier le référentiel (et la description de la structure)',
  ].join('\n'),
  options: {
    diagnostic: { type: 'boolean' }, structure: { type: 'string' }, name: { type: 'string' }, category: { type: 'string' },
    departement: { type: 'string' }, region: { type: 'string' }, from: { type: 'string' },
  },
  run(ctx) {
    const file = ctx.dbPath;
    if (ctx.values.diagnostic !== true) {
      if (fs.existsSync(file) && fs.statSync(file).size > 0) throw AppError.keyed('CONFLICT', 'cli.new.exists', { file: path.basename(file) });
      openWorkspace(file).close();
      ctx.io.out(ctx.json ? JSON.stringify({ file }) : `Espace de travail créé : ${file}`);
      return 0;
    }
    const structure = stringOption(ctx, 'structure');
    if (!structure) throw AppError.keyed('INVALID_INPUT', 'cli.new.structureMissing');
    const from = stringOption(ctx, 'from');
    const name = stringOption(ctx, 'name');
    const category = stringOption(ctx, 'category');
    const departement = stringOption(ctx, 'departement');
    const region = stringOption(ctx, 'region');
    const result = createDiagnosticWorkspace({
      file, structure, ...(name ? { name } : {}), ...(category ? { category } : {}), ...(departement ? { departement } : {}),
      ...(region ? { region } : {}), ...(from ? { from } : {}),
    });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    ctx.io.out(`Espace de diagnostic créé : ${result.file}`);
    ctx.io.out(`Structure : ${result.structure.name} (${result.structure.code}), catégorie ${result.structure.category}`);
    ctx.io.out(result.items > 0
      ? `Référentiel copié : ${result.items} critères.`
      : 'Aucun référentiel : importez-en un (barometer import FICHIER --db …) avant de saisir des audits.');
    ctx.io.out('Repère national : barometer benchmark import FICHIER --db … (fichier écrit par « barometer benchmark export » depuis l’espace national).');
    return 0;
  },
};
