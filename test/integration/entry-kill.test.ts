/**
 * A crash during entry loses at most the field being typed: a child process enters answers field
 * by field through main/entry, is killed with SIGKILL part-way, and the workspace reopens intact
 * (integrity_check ok) with every field the child reported as saved.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { createEntryAudit } from '../../main/entry/index.js';
import { Fixture, type ItemDef } from './analytics-fixture.js';

const ITEM_COUNT = 400;
const KILL_AFTER_LINES = 60;

let fixture: Fixture | null = null;
afterEach(() => {
  fixture?.close();
  fixture = null;
});

function runUntilKilled(args: string[]): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'entry-kill-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length === KILL_AFTER_LINES) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ lines, signal });
    });
  });
}

describe('audit entry survives kill -9', () => {
  it('keeps every field saved before the kill, and the workspace passes integrity_check', async () => {
    fixture = new Fixture();
    const items: ItemDef[] = Array.from({ length: ITEM_COUNT }, (_, i) => ({
      code: `TEL-${String(i + 1).padStart(3, '0')}`, channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 1,
    }));
    fixture.edition(2026).referential(0, items).structure('S1', 'ville-plus-50k');
    const { auditId, sessionId } = createEntryAudit(fixture.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    fixture.db.close();

    const { lines, signal } = await runUntilKilled([fixture.file, String(auditId), String(sessionId), String(ITEM_COUNT)]);
    expect(signal).toBe('SIGKILL');
    expect(lines).not.toContain('done');
    const saved = lines.filter((l) => l.startsWith('saved ')).map((l) => {
      const [, item, field, ...value] = l.split(' ');
      return { item: item!, field: field!, value: value.join(' ') };
    });
    expect(saved.length).toBeGreaterThanOrEqual(KILL_AFTER_LINES - 1);

    const db = openWorkspace(fixture.file);
    (fixture as { db: unknown }).db = db; // closed by fixture.close()
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = new Map((db.prepare('SELECT item_code, raw, comment FROM observation WHERE audit_id = ?').all(auditId) as Array<{ item_code: string; raw: string; comment: string | null }>)
      .map((r) => [r.item_code, r]));
    for (const field of saved) {
      const row = rows.get(field.item);
      expect(row, `${field.item} ${field.field}`).toBeDefined();
      expect(field.field === 'answer' ? row!.raw : row!.comment).toBe(field.value);
    }
    // At most the field in flight went further than what the child reported.
    const answersSaved = saved.filter((f) => f.field === 'answer').length;
    expect(rows.size - answersSaved).toBeLessThanOrEqual(1);
    expect(rows.size).toBeLessThan(ITEM_COUNT);
  });
});
