/**
 * A long-lived child that runs barometer CLI commands in-process, one at a time, on request over
 * IPC: the same `main(argv, io)` as `bin/barometer.js`, without paying tsx's start-up for each of
 * hundreds of fuzz files. The parent keeps the per-run timeout and 1 GB watchdog and kills (then
 * replaces) this process when a run hangs or grows too big; the peak RSS is reset before each run
 * (/proc/self/clear_refs) so each run's peak is its own.
 */
import fs from 'node:fs';
import { main } from '../../main/cli/index.js';

export interface WorkerRequest { id: number; argv: string[] }
export interface WorkerReply { id: number; exitCode: number; stdout: string; stderr: string; peakRssKb: number; thrown: string | null }

const MAX_KEPT = 4 * 1024 * 1024;

function resetPeak(): void {
  try { fs.writeFileSync('/proc/self/clear_refs', '5'); } catch { /* not Linux, or not allowed: peaks then accumulate */ }
}

function peakKb(): number {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return Math.round(process.resourceUsage().maxRSS);
  }
}

process.on('message', (request: WorkerRequest) => {
  void (async () => {
    global.gc?.();
    resetPeak();
    let stdout = '';
    let stderr = '';
    const add = (sink: string, text: string): string => (sink.length > MAX_KEPT ? sink : `${sink}${text.endsWith('\n') ? text : `${text}\n`}`);
    let exitCode = 99;
    let thrown: string | null = null;
    try {
      exitCode = await main(request.argv, { out: (t) => { stdout = add(stdout, t); }, err: (t) => { stderr = add(stderr, t); }, interactive: false });
    } catch (error) {
      // The CLI's main turns every error into a message: reaching here is a defect worth a line.
      thrown = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    }
    const reply: WorkerReply = { id: request.id, exitCode, stdout, stderr, peakRssKb: peakKb(), thrown };
    process.send?.(reply);
  })();
});
process.send?.({ ready: true });
