/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */
import type { CliIo } from './command.js';
import type { ImportProgress } from '../../shared/import-types.js';

const PHASES: Record<ImportProgress['phase'], string> = {
  read: 'lecture',
  validate: 'contrôle',
  write: 'écriture',
  aggregate: 'calcul des scores',
  done: 'terminé',
};

export function importProgressBar(io: CliIo): { update(p: ImportProgress): void; end(): void } {
  let last = 0;
  return {
    update(p) {
      if (!io.interactive) return;
      const now = Date.now();
      if (now - last < 100 && p.phase !== 'done') return;
      last = now;
      const ratio = p.rowsTotal > 0 ? Math.min(1, p.rowsDone / p.rowsTotal) : 0;
      const width = 24;
      const filled = Math.round(ratio * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const counts = p.rowsTotal > 0 ? ` ${p.rowsDone.toLocaleString('fr-FR')}/${p.rowsTotal.toLocaleString('fr-FR')}` : '';
      process.stderr.write(`\r\x1b[2K[${p.fileIndex + 1}/${p.fileCount}] ${p.file} ${bar} ${PHASES[p.phase]}${counts}`);
    },
    end() {
      if (io.interactive) process.stderr.write('\r\x1b[2K');
    },
  };
}
