/**
 * Runs one CLI command in a child process the way a user would, with a wall-clock timeout ("hung")
 * and a memory watchdog (peak RSS read from /proc, the child killed past 1 GB), and judges what it
 * printed: French, no stack trace, no library or engine English. Shared by the fuzz and fault
 * suites and the integration subset.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'barometer.js');
export const ONE_GB_KB = 1024 * 1024;

export interface ProbeRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it ran past the timeout. */
  hung: boolean;
  /** Killed because its peak RSS passed 1 GB. */
  overMemory: boolean;
  /** Highest VmHWM seen, kB. */
  peakRssKb: number;
  ms: number;
}

function vmRssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function vmHwmKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface RunOptions {
  timeoutMs?: number;
  /** Kill -9 after this many ms (fault injection); the run is then neither hung nor failed. */
  killAfterMs?: number;
  /**
   * Fault injection on a sign of work: polled every 10 ms from the start; once it returns true,
   * kill -9 after `killAfterMs` more (0 when absent).
   */
  killWhen?: () => boolean;
  memoryCapKb?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `node <args>` (a script and its arguments), watching time and memory. */
export function runNode(args: readonly string[], options: RunOptions = {}): Promise<ProbeRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const memoryCapKb = options.memoryCapKb ?? ONE_GB_KB;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // Keep at most a few MB of output: a flood of problems is judged on its head.
    let kept = 0;
    const keep = (sink: Buffer[]) => (chunk: Buffer) => { if (kept < 4 * 1024 * 1024) { sink.push(chunk); kept += chunk.length; } };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    let hung = false;
    let overMemory = false;
    let peakRssKb = 0;
    const watchdog = setInterval(() => {
      if (child.pid === undefined) return;
      peakRssKb = Math.max(peakRssKb, vmHwmKb(child.pid));
      if (peakRssKb > memoryCapKb && !overMemory) {
        overMemory = true;
        child.kill('SIGKILL');
      }
    }, 25);
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, timeoutMs);
    let killer: NodeJS.Timeout | null = null;
    const armKiller = (): void => { killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 0); };
    const trigger = options.killWhen;
    const watcher = trigger ? setInterval(() => { if (trigger()) { clearInterval(watcher ?? undefined); armKiller(); } }, 10) : null;
    if (!trigger && options.killAfterMs !== undefined) armKiller();
    child.on('close', (exitCode, signal) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      if (watcher) clearInterval(watcher);
      resolve({ exitCode, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), hung, overMemory, peakRssKb, ms: Date.now() - started });
    });
  });
}

/** Runs the barometer CLI with `args`. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<ProbeRun> {
  return runNode([CLI, ...args], options);
}

/** Stack frames and the words of Node's, V8's, SQLite's or a library's own English messages. */
const STACK = /^\s+at .+(\(|:\d+)|node:internal|\.(ts|js|cjs|mjs):\d+:\d+/m;
const ENGLISH = /\b(Cannot|cannot|undefined|Error:|TypeError|RangeError|SyntaxError|ReferenceError|Unexpected|unexpected|of null|is not a function|is not defined|Invalid|invalid (?:array|string|length|code)|Maximum call stack|out of memory|heap|Unsupported|Unknown|Bad|Corrupted|corrupt|not found|no such|failed|Failed|database is|disk is full|SQLITE_|ENOENT|EACCES|EPIPE|ERR_[A-Z_]+|NaN|\[object Object\])/;

export interface MessageVerdict {
  ok: boolean;
  /** Why not, quoting the offending bit. */
  reason: string | null;
}

/** Judges a user-facing text: no stack, no English internals. */
export function judgeMessage(text: string): MessageVerdict {
  const stack = STACK.exec(text);
  if (stack) return { ok: false, reason: `trace : ${stack[0].trim().slice(0, 120)}` };
  const english = ENGLISH.exec(text);
  if (english) {
    const at = english.index;
    return { ok: false, reason: `anglais « ${english[0]} » dans « ${text.slice(Math.max(0, at - 60), at + 60).replace(/\s+/g, ' ')} »` };
  }
  return { ok: true, reason: null };
}

/** The user-facing messages of an `import --json` run: stderr and every problem message. */
export function importMessages(run: ProbeRun): string[] {
  const messages = [run.stderr];
  try {
    const parsed = JSON.parse(run.stdout) as { files?: Array<{ problems?: Array<{ message?: string }> }> };
    for (const file of parsed.files ?? []) for (const problem of file.problems ?? []) if (problem.message) messages.push(problem.message);
  } catch {
    // Not JSON (a crash, a refusal before the report): stdout is judged as text.
    messages.push(run.stdout);
  }
  return messages.filter((m) => m.trim() !== '');
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** `PRAGMA integrity_check` read-only: "ok" or the first problems. */
export function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).slice(0, 3).join(' ; ');
  } finally {
    db.close();
  }
}

/** Row counts of the workspace's data tables, for "fully before or fully after". */
export function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of ['import', 'structure', 'audit', 'observation', 'item', 'edition', 'change_log']) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      if (exists) counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    const hasImports = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'import'").get();
    if (hasImports) counts.activeImports = (db.prepare("SELECT count(*) AS n FROM import WHERE status = 'active'").get() as { n: number }).n;
    return counts;
  } finally {
    db.close();
  }
}

/** Runs `tasks` with at most `parallel` at a time, in order of start. */
export async function pool<T, R>(items: readonly T[], parallel: number, task: (item: T, index: number, lane: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (lane: number): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index, lane);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, (_, lane) => worker(lane)));
  return results;
}

/**
 * A CLI process kept alive across runs (bench/reliability/cli-worker.ts): each `run` is one CLI
 * command with the same timeout and 1 GB watchdog as `runCli`; a hung or oversized run kills the
 * process, and the next run starts a fresh one.
 */
export class CliWorker {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;

  private start(): Promise<void> {
    const worker = path.join(REPO_ROOT, 'bench', 'reliability', 'cli-worker.ts');
    const child = fork(worker, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, NO_COLOR: '1' } });
    // Output outside the CLI's io (a library writing to the console) is kept as stderr text.
    child.stdout?.on('data', (chunk: Buffer) => { this.stray += chunk.toString('utf8'); });
    child.stderr?.on('data', (chunk: Buffer) => { this.stray += chunk.toString('utf8'); });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`le processus de travail s'est arrêté (${code})`)));
    });
  }

  private stray = '';

  async run(argv: readonly string[], options: { timeoutMs?: number; memoryCapKb?: number } = {}): Promise<ProbeRun> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) this.ready = this.start();
    await this.ready;
    const child = this.child as ChildProcess;
    const pid = child.pid ?? 0;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const memoryCapKb = options.memoryCapKb ?? ONE_GB_KB;
    const id = this.nextId++;
    this.stray = '';
    const started = Date.now();
    return new Promise((resolve) => {
      let peakRssKb = 0;
      let settled = false;
      const finish = (run: Omit<ProbeRun, 'ms' | 'peakRssKb'> & { peakRssKb?: number }): void => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve({ ...run, peakRssKb: Math.max(peakRssKb, run.peakRssKb ?? 0), ms: Date.now() - started });
      };
      const kill = (why: 'hung' | 'memory'): void => {
        child.kill('SIGKILL');
        this.child = null;
        finish({ exitCode: null, signal: 'SIGKILL', stdout: '', stderr: this.stray, hung: why === 'hung', overMemory: why === 'memory' });
      };
      const watchdog = setInterval(() => {
        // Current RSS, not the high-water mark: the worker resets that one only once it has the request.
        peakRssKb = Math.max(peakRssKb, vmRssKb(pid));
        if (peakRssKb > memoryCapKb) kill('memory');
      }, 25);
      const timer = setTimeout(() => kill('hung'), timeoutMs);
      const onMessage = (reply: { id?: number; exitCode: number; stdout: string; stderr: string; peakRssKb: number; thrown: string | null }): void => {
        if (reply.id !== id) return;
        finish({ exitCode: reply.thrown ? 98 : reply.exitCode, signal: null, stdout: reply.stdout, stderr: `${reply.stderr}${this.stray}${reply.thrown ?? ''}`, hung: false, overMemory: false, peakRssKb: reply.peakRssKb });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.child = null;
        finish({ exitCode: code, signal, stdout: '', stderr: this.stray, hung: false, overMemory: false });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id, argv });
    });
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
