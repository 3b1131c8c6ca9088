/**
 * `npm run bench`: runs every benchmark of the project in one go and writes BENCHMARKS.md with
 * the command, the machine and each section's table. Ratios are always measured within one run:
 * this machine is shared and noisy, absolute times are only indicative.
 * `npm run bench -- --only import,analytics` runs a subset; `--quick` uses smaller sizes.
 */
import type { ExportBenchResult } from './export.js';
import type { ReportBenchResult } from './report.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Section {
  name: string;
  title: string;
  run(quick: boolean): Promise<string>;
}

const SECTIONS: Section[] = [
  {
    name: 'readers',
    title: 'Lecture des classeurs',
    async run(quick) {
      const { runReaderBench } = await import('./readers.js');
      return (await runReaderBench(quick ? { rows: 5000 } : {})).markdown;
    },
  },
  {
    name: 'import',
    title: "Import d'une édition nationale",
    async run(quick) {
      const { runImportBench } = await import('./import.js');
      return (await runImportBench({ structures: quick ? 200 : 2000 })).markdown;
    },
  },
  {
    name: 'analytics',
    title: 'Scores, profils et classements',
    async run(quick) {
      const { runAnalyticsBench, formatAnalyticsBench } = await import('./analytics.js');
      // The national workspace (12 editions) takes minutes to generate: kept in bench/out/ and reused.
      const dir = path.join(here, 'out', quick ? 'analytics-quick' : 'analytics-national');
      fs.mkdirSync(dir, { recursive: true });
      return formatAnalyticsBench(await runAnalyticsBench({ ...(quick ? { structures: 200, editions: 3 } : {}), dir, keep: true, reuse: true }));
    },
  },
  {
    name: 'export',
    title: 'Classeurs par structure',
    async run(quick) {
      const { formatExportBench } = await import('./export.js');
      const { runCompiledBench } = await import('./compiled.js');
      // The report bench's synthetic workspace (same generator and sizes) is reused from bench/out/.
      const dir = path.join(here, 'out', quick ? 'report-quick' : 'report-national');
      // Compiled, as `barometer export structures` runs from dist/cli: tsx's memory is not counted.
      const result = await runCompiledBench<ExportBenchResult>('export.ts', 'runExportBench', { structures: quick ? 200 : 2000, dir, keep: false });
      return [
        "Commande : `npm run bench -- --only export` (bench/export.ts compilé par esbuild et lancé par `node`, comme la commande livrée dist/cli).",
        "Lot réel = `exportStructureWorkbooks` (contexte de l'édition, requêtes, description, graphiques en PNG, classeurs écrits par le rédacteur xlsx du projet, fichier temporaire puis renommage). Référence = les mêmes cellules écrites sans styles ni images par le flux d'ExcelJS (`WorkbookWriter`). Chacun tourne dans son propre processus (RSS max = pic de ce processus, VmHWM et échantillonnage de `process.memoryUsage().rss`, depuis son démarrage : modules, espace ouvert et lot compris), les deux en alternance par paquets de 100 structures. Objectifs : lot réel ≤ 500 Mo et ≥ 9,7 classeurs/s (son débit avec ExcelJS).",
        '',
        '```',
        formatExportBench(result),
        '```',
      ].join('\n');
    },
  },
  {
    name: 'report',
    title: 'Rapports PDF par structure',
    async run(quick) {
      const { formatReportBench } = await import('./report.js');
      const { runCompiledBench } = await import('./compiled.js');
      // The synthetic workspace (3.4M observations) is kept in bench/out/ and reused.
      const dir = path.join(here, 'out', quick ? 'report-quick' : 'report-national');
      const structures = quick ? 200 : 2000;
      // Compiled, as `barometer export reports` runs from dist/cli: tsx's memory is not counted.
      const result = await runCompiledBench<ReportBenchResult>('report.ts', 'runReportBench', { structures, dir, keep: false });
      return [
        `Commande : \`npm run bench -- --only report\` (le module bench/report.ts compilé par esbuild et lancé par \`node\`, comme la commande livrée dist/cli ; ou \`npx tsx bench/report.ts --structures ${structures} --dir ${path.relative(path.join(here, '..'), dir)}\`, RSS alors majorée par tsx).`,
        "Espace synthétique de bench/analytics.ts (2 éditions, 3,4 M d'observations) avec dates et commentaires d'audit ; lot réel = `exportStructureReports` (modèle, graphiques echarts, mise en page pdfkit, fichier temporaire puis renommage). Référence « sans graphiques » = les mêmes modèles écrits par le même rédacteur PDF avec son option de banc `charts: false` (mêmes textes, tableaux et polices, emplacements des deux graphiques laissés vides). Les deux alternent par paquets de 500 structures. RSS max = pic du processus (VmHWM, remis à zéro avant chaque passe, et échantillonnage de `process.memoryUsage().rss`), tous fils compris ; le chiffre principal est sur 1 fil (réglage par défaut), l'option `threads: 2` est mesurée à part.",
        '',
        '```',
        formatReportBench(result),
        '```',
      ].join('\n');
    },
  },
  {
    name: 'analysis',
    title: "Appels de l'analyse",
    async run(quick) {
      const { ensureWorkspace } = await import('./ui.js');
      const { runAnalyticsApiBench } = await import('./analytics-api.js');
      // The UI bench's national workspace (built once, kept in bench/out/).
      const ws = ensureWorkspace(quick ? 200 : 2000, quick ? 2 : 12, false, 5, (line) => console.log(line));
      const result = await runAnalyticsApiBench({ file: ws.file });
      return [
        `Commande : \`npm run bench -- --only analysis\` (ou \`npx tsx bench/analytics-api.ts --file ${path.relative(path.join(here, '..'), ws.file)}\`). `
          + "Handlers de l'API appelés directement (sans navigateur ni HTTP) sur l'espace national du banc de l'interface, avec les entrées qu'envoient la vue Scores, la Fiche structure (5 structures) et l'Accueil ; "
          + "« 1er appel » : première question de chaque entrée (le cache de résultats ne la connaît pas ; SQLite et le code ont été chauffés sur l'édition précédente), « répété » : la même question reposée. "
          + 'La machine est partagée avec d\'autres travaux : les temps absolus en dépendent, les rapports avant / après sont mesurés dans la même exécution.',
        '',
        result.markdown,
      ].join('\n');
    },
  },
  {
    name: 'refresh',
    title: 'Rafraîchissement des agrégats : incrémental et complet face à DuckDB',
    async run(quick) {
      const { runRefreshBench } = await import('./refresh.js');
      return (await runRefreshBench({ runs: quick ? 3 : 7 })).markdown;
    },
  },
  {
    name: 'ui',
    title: 'Interface en mode navigateur',
    async run(quick) {
      const { runUiBench } = await import('./ui.js');
      return (await runUiBench(quick ? { structures: 200, editions: 2 } : {})).markdown;
    },
  },
  {
    name: 'cli',
    title: 'Démarrage de la ligne de commande',
    async run(quick) {
      const { runCliStartupBench, formatCliStartupBench } = await import('./cli-startup.js');
      const runs = quick ? 5 : 20;
      return formatCliStartupBench(runCliStartupBench(runs), runs);
    },
  },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, out: { type: 'string' } }, strict: true });
const only = values.only ? new Set(values.only.split(',')) : null;
const here = path.dirname(fileURLToPath(import.meta.url));
const target = values.out ?? path.join(here, '..', 'BENCHMARKS.md');
const started = new Date();
const header = [
  '# Benchmarks',
  '',
  `Produit par \`npm run bench${values.only ? ` -- --only ${values.only}` : ''}${values.quick ? ' -- --quick' : ''}\` le ${started.toLocaleString('fr-FR', { timeZone: 'UTC' })} UTC.`,
  `Machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} Gio, Node ${process.version}, charge moyenne au départ ${os.loadavg()[0]!.toFixed(1)}.`,
  'Les temps absolus dépendent de la charge de la machine ; les rapports (× plancher, × DuckDB, × ExcelJS nu) sont mesurés dans la même exécution.',
  '',
];
const body: string[] = [];
for (const section of SECTIONS) {
  if (only && !only.has(section.name)) continue;
  console.log(`\n== ${section.title} ==`);
  try {
    const markdown = await section.run(values.quick);
    console.log(markdown);
    body.push(`## ${section.title}`, '', markdown, '');
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    console.error(message);
    body.push(`## ${section.title}`, '', `Échec : \`${(error as Error).message.replace(/`/g, "'").slice(0, 400)}\``, '');
  }
}
// Sections not run this time keep their previous text, so a partial run never erases results.
let previous = '';
if (only && fs.existsSync(target)) previous = fs.readFileSync(target, 'utf8');
const kept = SECTIONS.filter((s) => only && !only.has(s.name)).map((s) => {
  const match = new RegExp(`## ${s.title.replace(/[()]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`).exec(previous);
  return match ? match[0].trimEnd() + '\n' : '';
}).filter(Boolean);
if (kept.length > 0) header.push(`Sections relancées : ${[...(only ?? [])].join(', ')} ; les autres sections sont celles de l'exécution précédente de \`npm run bench\`, conservées telles quelles.`, '');
fs.writeFileSync(target, [...header, ...body, ...kept].join('\n'));
console.log(`\nRésultats écrits dans ${path.relative(process.cwd(), target)}`);
