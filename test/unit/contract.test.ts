/**
 * The contract is the map of the app: every method has a zod input schema and a JSDoc comment,
 * names follow `domain.verb`, job methods are marked, events are listed, and the schemas reject
 * what they must (extra keys, wrong types, oversized blocks) and accept the documented shapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  API, API_CHANNEL, API_EVENT_CHANNEL, API_EVENTS, API_METHODS, APP_ORIGIN, EVENT_NAMES, isApiMethod, isJobMethod,
  type ApiInput, type ApiJobMethod, type ApiJobResult, type ApiOutput,
} from '../../shared/contract.js';
import type { AppInfo, ExplorerPage, AuditRow, JobStarted } from '../../shared/api-types.js';
import type { ImportResult } from '../../shared/import-types.js';

const source = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'shared', 'contract.ts'), 'utf8');

describe('contract', () => {
  it('names every method domain.verb and gives it a zod schema', () => {
    expect(API_METHODS.length).toBeGreaterThan(40);
    for (const method of API_METHODS) {
      expect(method).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(API[method].input).toBeInstanceOf(z.ZodType);
    }
  });

  it('documents every method with a JSDoc comment right above it', () => {
    for (const method of API_METHODS) {
      const at = source.indexOf(`'${method}':`);
      expect(at, method).toBeGreaterThan(0);
      const before = source.slice(0, at).trimEnd();
      expect(before.endsWith('*/'), `${method} has no JSDoc`).toBe(true);
      const doc = before.slice(before.lastIndexOf('/**'));
      expect(doc.replace(/[/*\s]/g, '').length, `${method} has an empty JSDoc`).toBeGreaterThan(15);
    }
    for (const event of API_EVENTS) {
      const before = source.slice(0, source.indexOf(`'${event}': returns`)).trimEnd();
      expect(before.endsWith('*/'), `event ${event} has no JSDoc`).toBe(true);
    }
  });

  it('marks long operations as jobs', () => {
    const jobs = API_METHODS.filter((m) => isJobMethod(m)).sort();
    expect(jobs).toEqual(['exports.reports', 'exports.structures', 'imports.commit', 'imports.preview']);
  });

  it('never resolves prototype names as methods', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) expect(isApiMethod(name)).toBe(false);
    expect(isApiMethod('app.info')).toBe(true);
  });

  it('keeps channel names and the app origin in one place', () => {
    expect(API_CHANNEL).not.toBe(API_EVENT_CHANNEL);
    expect(APP_ORIGIN).toBe('app://barometre');
    expect([...API_EVENTS].sort()).toEqual(['job.done', 'job.progress', 'menu.command', 'workspace.changed']);
    // The preload's copy of the event names (shared/ipc-channels.ts) matches the contract.
    expect([...EVENT_NAMES].sort()).toEqual([...API_EVENTS].sort());
  });

  it('accepts documented inputs and applies defaults to empty ones', () => {
    expect(API['app.info'].input.parse(undefined)).toEqual({});
    expect(API['explorer.observations'].input.parse({ startRow: 0, endRow: 100, sortModel: [{ colId: 'edition', sort: 'desc' }], filters: { edition: 2024, step: 'acces', search: 'mairie' } })).toMatchObject({ startRow: 0 });
    expect(API['imports.commit'].input.parse({ files: ['/tmp/a.xlsx'], mappings: { 'a.xlsx': { kind: 'results', layout: 'long', columns: { 'Code': 'structureCode', 'Vide': null } } } })).toBeTruthy();
    expect(API['settings.set'].input.parse({ key: 'explorer.columns.audits', value: [{ colId: 'x', width: 3 }] })).toBeTruthy();
  });

  it('rejects extra keys, wrong types and unsafe shapes', () => {
    const bad: Array<[keyof typeof API, unknown]> = [
      ['app.info', { extra: 1 }],
      ['app.setLanguage', { lang: 'de' }],
      ['settings.get', { key: '../etc/passwd' }],
      ['explorer.audits', { startRow: 10, endRow: 5 }],
      ['explorer.audits', { startRow: 0, endRow: 5000 }],
      ['explorer.audits', { startRow: 0.5, endRow: 10 }],
      ['explorer.audits', { startRow: 0, endRow: 10, filters: { sql: '1=1' } }],
      ['explorer.audits', { startRow: 0, endRow: 10, sortModel: [{ colId: 'edition', sort: 'sideways' }] }],
      ['imports.commit', { files: [] }],
      ['imports.commit', { files: ['a.csv'], mappings: { 'a.csv': { columns: { A: 'notAField' } } } }],
      ['imports.detect', { path: '' }],
      ['analytics.scores', { edition: 2024, level: 'galaxy' }],
      ['analytics.peers', { code: 'X', edition: 12 }],
      ['jobs.cancel', {}],
      ['workspace.open', { path: 42 }],
    ];
    for (const [method, input] of bad) {
      expect(API[method].input.safeParse(input).success, `${method} ${JSON.stringify(input)}`).toBe(false);
    }
  });

  it('derives input and output types from the contract', () => {
    expectTypeOf<ApiOutput<'app.info'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<ApiOutput<'explorer.audits'>>().toEqualTypeOf<ExplorerPage<AuditRow>>();
    expectTypeOf<ApiOutput<'imports.commit'>>().toEqualTypeOf<JobStarted>();
    expectTypeOf<ApiJobResult<'imports.commit'>>().toEqualTypeOf<ImportResult>();
    expectTypeOf<ApiJobMethod>().toEqualTypeOf<'imports.preview' | 'imports.commit' | 'exports.structures' | 'exports.reports'>();
    expectTypeOf<ApiInput<'jobs.cancel'>>().toEqualTypeOf<{ jobId: string }>();
  });
});
