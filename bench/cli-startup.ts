/**
 * Start-up time of the `barometer` CLI (issue 11): `barometer --help` from the compiled bundle
 * (dist/cli/, what bin/barometer.js runs) against the same command compiled by tsx at run time
 * (what bin/barometer.js did before) and against bare `node -e 0` (the floor no CLI can beat).
 * Like hyperfine: warm-up runs first, then the commands alternate run by run so a burst of load on
 * this shared machine hits all of them alike; median, p90 and min of the wall-clock time, and the
 * median CPU time (user + system) each process reports at exit — on a loaded machine the wall
 * clock mostly measures the wait for a core, the CPU time what the command itself costs.
 *
 *   npx tsx bench/cli-startup.ts [--runs 20]      (or `npm run bench -- --only cli`)
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The objective of issue 11 for `barometer --help`. */
export const HELP_TARGET_MS = 300;

interface Variant {
  label: string;
  args: string[];
}

export interface StartupRow {
  label: string;
  command: string;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  medianCpuMs: number;
}

/** Preloaded in each measured process: prints its own CPU time (user + system) when it exits. */
const REPORT_CPU = `data:text/javascript,process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nCPU_US=' + (u.user + u.system) + '\\n'); });`;

const VARIANTS: Variant[] = [
  { label: 'plancher : node -e 0', args: ['-e', '0'] },
  { label: 'barometer --help (bundle compilé, bin/barometer.js)', args: [path.join('bin', 'barometer.js'), '--help'] },
  // The English help reads the same modules (the catalogue is already loaded for errors): same cost.
  { label: 'barometer --help --lang en (bundle compilé, aide en anglais)', args: [path.join('bin', 'barometer.js'), '--help', '--lang', 'en'] },
  {
    label: 'barometer --help (sources TypeScript par tsx, ancien chemin)',
    args: ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./main/cli/index.ts'); process.exitCode = await main(['--help']);"],
  },
];

function runOnce(args: string[]): { wallMs: number; cpuMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', REPORT_CPU, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} : code ${child.status}\n${child.stderr}`);
  const cpu = /CPU_US=(\d+)/.exec(child.stderr);
  return { wallMs, cpuMs: cpu ? Number(cpu[1]) / 1000 : Number.NaN };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function runCliStartupBench(runs = 20): StartupRow[] {
  // The first run builds the bundle when it is missing or stale: not part of the measure.
  for (const variant of VARIANTS) for (let i = 0; i < 2; i += 1) runOnce(variant.args);
  const times = VARIANTS.map(() => [] as number[]);
  const cpu = VARIANTS.map(() => [] as number[]);
  for (let run = 0; run < runs; run += 1) {
    VARIANTS.forEach((variant, i) => {
      const measured = runOnce(variant.args);
      times[i]!.push(measured.wallMs);
      cpu[i]!.push(measured.cpuMs);
    });
  }
  return VARIANTS.map((variant, i) => {
    const sorted = [...times[i]!].sort((a, b) => a - b);
    const cpuSorted = [...cpu[i]!].sort((a, b) => a - b);
    return {
      label: variant.label,
      command: `node ${variant.args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
      medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9), minMs: sorted[0]!, medianCpuMs: quantile(cpuSorted, 0.5),
    };
  });
}

const ms = (value: number): string => Math.round(value).toLocaleString('fr-FR');

export function formatCliStartupBench(rows: StartupRow[], runs: number): string {
  const floor = rows[0]!.medianMs;
  const compiled = rows[1]!;
  return [
    `Commande : \`npm run bench -- --only cli\` (ou \`npx tsx bench/cli-startup.ts --runs ${runs}\`). ${runs} exécutions de chaque commande après 2 de chauffe, en alternance ; charge moyenne à la fin ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cœurs).`,
    '',
    '| commande | médiane (ms) | p90 (ms) | min (ms) | × plancher (médiane) | temps CPU médian (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${ms(r.medianMs)} | ${ms(r.p90Ms)} | ${ms(r.minMs)} | ${(r.medianMs / floor).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} | ${ms(r.medianCpuMs)} |`),
    '',
    `Objectif \`barometer --help\` < ${HELP_TARGET_MS} ms : médiane ${ms(compiled.medianMs)} ms ${compiled.medianMs < HELP_TARGET_MS ? '✅' : '❌'}, ${ms(compiled.medianCpuMs)} ms de temps CPU ${compiled.medianCpuMs < HELP_TARGET_MS ? '✅' : '❌'}${compiled.medianMs >= HELP_TARGET_MS ? ` (horloge murale : la machine est chargée, Node seul y met ${ms(floor)} ms)` : ''}.`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } }, strict: true });
  const runs = Number(values.runs);
  console.log(formatCliStartupBench(runCliStartupBench(runs), runs));
}
