/** `barometer generate`: writes the synthetic demo files (main/generate) into a folder. */
import { resolve } from 'node:path';
import type { CliCommand, CliContext } from '../command.js';
import { formatInt, formatPercent, table } from '../format.js';
import { AppError } from '../../../shared/errors.js';
import {
  DEMO_DEFAULTS, DEMO_FORMATS, MAX_STRUCTURES, MIN_CALIBRATED, MIN_STRUCTURES, generateDemo,
  type CsvEncoding, type DemoFormat, type DemoLayout, type GenerateProgress, type TimeColumn,
} from '../../generate/index.js';

const HELP = [
  'Usage : barometer generate --out DOSSIER [--seed N] [--structures N] [--editions 2021,2022,2023]',
  '                           [--formats xlsx,csv,xls,ods] [--layout wide|long|both]',
  '                           [--encoding utf-8-bom|utf-8|windows-1252] [--time wide|all|none] [--json]',
  '',
  'Écrit dans DOSSIER un jeu de données de démonstration fictif et reproductible (mêmes options,',
  'mêmes fichiers) : tous les noms sont inventés et marqués « (démo) ».',
  '',
  '  referentiel.xlsx           les 400 critères (6 canaux, 3 étapes, 20 déterminants), toutes éditions',
  '  referentiel-2023.xlsx      la révision 2023 (2 critères ajoutés, 2 retirés), colonne Édition',
  '  structures.xlsx            les participants : 7 catégories publiques et le panel privé',
  '  resultats-<année>-large.*  une ligne par audit, une colonne par code critère',
  '  resultats-<année>-long.*   une ligne par observation',
  '  (en xls, un fichier par canal : le format est limité à 256 colonnes et 65 536 lignes)',
  '',
  'Chaque structure reçoit 13 audits par édition, en septembre-octobre, répartis ainsi :',
  '  3 téléphone · 3 courriel · 2 courrier · 2 site internet · 2 réseaux sociaux · 1 visite',
  '',
  'Options :',
  `  --out DOSSIER        dossier de sortie (créé si besoin)`,
  `  --seed N             graine du tirage (défaut ${DEMO_DEFAULTS.seed})`,
  `  --structures N       nombre de structures, de ${MIN_STRUCTURES} à ${formatInt(MAX_STRUCTURES)} (défaut ${DEMO_DEFAULTS.structures})`,
  `  --editions LISTE     années séparées par des virgules (défaut ${DEMO_DEFAULTS.editions.join(',')})`,
  `  --formats LISTE      parmi ${DEMO_FORMATS.join(', ')} (défaut ${DEMO_DEFAULTS.formats.join(',')}) ; xls et ods : petits jeux seulement`,
  `  --layout DISPOSITION wide (large), long ou both (défaut ${DEMO_DEFAULTS.layout})`,
  '  --encoding ENC       encodage des CSV : utf-8-bom (défaut), utf-8 ou windows-1252',
  '  --time QUELS        colonne Heure après Date audit : fichiers larges (wide, défaut), tous (all), aucun (none)',
  '  --json               résultat en JSON (fichiers écrits, comptes, indicateurs phares)',
  '',
  `Calibrage : en 2023, courriels répondus en moins de 24 h (MEL-01) public 38 % / privé 85 %,`,
  `formule de politesse (MEL-02) public 99 % / privé 91 %, à 1,5 point près dès ${MIN_CALIBRATED} structures.`,
].join('\n');

function text(ctx: CliContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

function integer(raw: string, option: string): number {
  if (!/^\d+$/.test(raw.trim())) throw AppError.keyed('INVALID_INPUT', 'cli.integerExpected', { option, value: raw });
  return Number(raw.trim());
}

function list(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

const LAYOUTS: Readonly<Record<string, DemoLayout>> = { wide: 'wide', large: 'wide', long: 'long', both: 'both', 'les-deux': 'both' };

function progressDrawer(ctx: CliContext): ((p: GenerateProgress) => void) | undefined {
  if (!ctx.io.interactive || ctx.json) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 150 && p.rowsDone !== 0) return;
    last = now;
    const share = p.rowsTotal > 0 ? Math.min(1, p.rowsDone / p.rowsTotal) : 0;
    const filled = Math.round(share * 24);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(24 - filled)}`;
    process.stderr.write(`\r\x1b[2K${bar} fichier ${p.fileIndex}/${p.fileCount} ${p.file} ${formatInt(p.rowsDone)} lignes`);
  };
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Génère des fichiers de démonstration fictifs (référentiel, structures, résultats)',
  help: HELP,
  options: {
    out: { type: 'string', short: 'o' },
    seed: { type: 'string' },
    structures: { type: 'string' },
    editions: { type: 'string' },
    formats: { type: 'string' },
    layout: { type: 'string' },
    encoding: { type: 'string' },
    time: { type: 'string' },
  },
  async run(ctx) {
    const out = text(ctx, 'out') ?? ctx.positionals[0];
    if (!out) throw AppError.keyed('INVALID_INPUT', 'cli.generate.outMissing');
    const seedText = text(ctx, 'seed');
    const structuresText = text(ctx, 'structures');
    const editionsText = text(ctx, 'editions');
    const formatsText = text(ctx, 'formats');
    const layoutText = text(ctx, 'layout');
    const encodingText = text(ctx, 'encoding');
    const timeText = text(ctx, 'time');
    const formats = formatsText === undefined ? undefined : list(formatsText).map((f) => f.toLowerCase());
    for (const f of formats ?? []) {
      if (!(DEMO_FORMATS as readonly string[]).includes(f)) throw AppError.keyed('INVALID_INPUT', 'cli.generate.formatUnknown', { format: f, formats: DEMO_FORMATS.join(', ') });
    }
    const layout = layoutText === undefined ? undefined : LAYOUTS[layoutText.toLowerCase()];
    if (layoutText !== undefined && !layout) throw AppError.keyed('INVALID_INPUT', 'cli.generate.layoutUnknown', { layout: layoutText });
    const cancel = { cancelled: false };
    const onSigint = (): void => { cancel.cancelled = true; };
    process.once('SIGINT', onSigint);
    const draw = progressDrawer(ctx);
    let result;
    try {
      result = await generateDemo({
        out: resolve(out),
        ...(seedText === undefined ? {} : { seed: integer(seedText, 'seed') }),
        ...(structuresText === undefined ? {} : { structures: integer(structuresText, 'structures') }),
        ...(editionsText === undefined ? {} : { editions: list(editionsText).map((e) => integer(e, 'editions')) }),
        ...(formats === undefined ? {} : { formats: formats as DemoFormat[] }),
        ...(layout === undefined ? {} : { layout }),
        ...(encodingText === undefined ? {} : { csvEncoding: encodingText.toLowerCase() as CsvEncoding }),
        ...(timeText === undefined ? {} : { timeColumn: timeText.toLowerCase() as TimeColumn }),
        ...(draw ? { onProgress: draw } : {}),
        cancel,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      if (draw) process.stderr.write('\r\x1b[2K');
    }
    for (const warning of result.warnings) ctx.io.err(`Attention : ${warning}`);
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    ctx.io.out(`Données de démonstration écrites dans ${result.out} (graine ${result.seed}, ${formatInt(result.structures)} structures, éditions ${result.editions.join(', ')})`);
    ctx.io.out('');
    ctx.io.out(table(
      ['Fichier', 'Type', 'Disposition', 'Édition', 'Lignes', 'Taille (Ko)'],
      result.files.map((f) => [f.name, f.kind === 'referential' ? 'référentiel' : f.kind === 'structures' ? 'structures' : 'résultats', f.layout === 'wide' ? 'large' : f.layout === 'long' ? 'long' : 'table', f.edition === null ? '—' : String(f.edition), f.rows, Math.ceil(f.bytes / 1024)]),
    ));
    ctx.io.out('');
    ctx.io.out(`Items : ${result.counts.items} · Déterminants : ${result.counts.determinants} · Canaux : ${result.counts.channels} · Étapes : ${result.counts.steps} · Audits par structure : ${result.counts.auditsPerStructure}`);
    ctx.io.out('');
    ctx.io.out(table(
      ['Édition', 'Indicateur', 'Secteur', 'Audits', 'Valeur', 'Cible'],
      result.headline.map((h) => [String(h.edition), h.item === 'MEL-01' ? 'Courriels répondus en moins de 24 h' : 'Formule de politesse', h.sector === 'prive' ? 'Privé' : 'Public', h.audits, formatPercent(h.value), formatPercent(h.target)]),
    ));
    return 0;
  },
};
