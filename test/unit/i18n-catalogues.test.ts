/**
 * The interface's words exist in both languages: every key the renderer asks of the shared
 * dictionary (literal or built from a domain list) is in messages-fr.ts and messages-en.ts, each
 * view's messages.ts has the same keys and placeholders in French and English, every error code
 * has a title in both, and every catalogue text an AppError is thrown with (grep of main/) exists
 * in both with the same placeholders. Read from the real source files, so a new `t('…')` or a new
 * `AppError.keyed(…)` is checked the day it is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from '../../renderer/src/i18n/messages-fr.js';
import { en } from '../../renderer/src/i18n/messages-en.js';
import { chartMessages } from '../../renderer/src/components/charts/chart-messages.js';
import { FIELDS } from '../../shared/columns.js';
import {
  ERROR_CODE_TITLES, ERROR_MESSAGES_EN, ERROR_MESSAGES_FR, localizedErrorMessage, renderErrorText, type ErrorMessageKey,
} from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';

const ROOT = path.resolve(__dirname, '..', '..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(relative, pattern));
    else if (pattern.test(entry.name)) out.push(relative);
  }
  return out;
}

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))].sort();

/** The string literals of a `export type Name = 'a' | 'b'` union in a shared source file. */
function unionMembers(file: string, name: string): string[] {
  const source = read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const match = new RegExp(`export type ${name} =([^;]+);`).exec(source);
  if (!match) throw new Error(`type ${name} introuvable dans ${file}`);
  return [...(match[1] as string).matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

function expectSameTexts(label: string, french: Readonly<Record<string, string>>, english: Readonly<Record<string, string>>): void {
  expect(Object.keys(english).sort(), `${label} : mêmes clés en anglais`).toEqual(Object.keys(french).sort());
  for (const [key, text] of Object.entries(french)) {
    expect(text.trim(), `${label} ${key} (fr) vide`).not.toBe('');
    expect((english[key] ?? '').trim(), `${label} ${key} (en) vide`).not.toBe('');
    expect(placeholders(english[key] ?? ''), `${label} ${key} : mêmes {paramètres}`).toEqual(placeholders(text));
  }
}

const RENDERER_FILES = filesUnder('renderer/src', /\.(ts|tsx)$/);

describe('the shared dictionary (messages-fr.ts / messages-en.ts)', () => {
  it('has the same keys and placeholders in both languages, and each plural form beside its base key', () => {
    expectSameTexts('dictionnaire', fr, en);
    for (const key of Object.keys(fr)) {
      const plural = /^(.+)\.(zero|one|two|few|many|other)$/.exec(key);
      if (plural) expect(Object.hasOwn(fr, plural[1] as string), `${key} sans sa forme de base`).toBe(true);
    }
  });

  it('holds every literal key the renderer asks for (t, tn, labelKey)', () => {
    const used = new Map<string, string>();
    for (const file of RENDERER_FILES) {
      const source = read(file);
      for (const match of source.matchAll(/\b(?:tn?\(\s*|labelKey:\s*)'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.set(match[1] as string, file);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter(([key]) => !Object.hasOwn(fr, key) || !Object.hasOwn(en, key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('holds every key the renderer builds from a domain list (`field.${field}`, problem codes…)', () => {
    const lists: Record<string, readonly string[]> = {
      field: FIELDS,
      'import.kind': unionMembers('shared/columns.ts', 'FileKind'),
      'import.layout': unionMembers('shared/columns.ts', 'Layout'),
      'import.status': unionMembers('shared/import-types.ts', 'ImportStatus'),
      'import.problemCode': unionMembers('shared/import-types.ts', 'ProblemCode'),
      'import.entity': ['audits', 'observations', 'structures', 'items'],
      'explorer.tab': ['audits', 'observations'],
    };
    const prefixes = new Set<string>();
    for (const file of RENDERER_FILES) {
      for (const match of read(file).matchAll(/\btn?\(\s*`([a-zA-Z][\w.]*)\.\$\{/g)) prefixes.add(match[1] as string);
    }
    // A prefix without a list here would go unchecked: add its list above.
    expect([...prefixes].filter((prefix) => !(prefix in lists) && prefix !== 'explorer.filter')).toEqual([]);
    const missing: string[] = [];
    for (const [prefix, values] of Object.entries(lists)) {
      for (const value of values) {
        const key = `${prefix}.${value}`;
        if (!Object.hasOwn(fr, key) || !Object.hasOwn(en, key)) missing.push(key);
      }
    }
    // The mapping list once showed the raw key `field.auditTime`.
    expect(missing).toEqual([]);
    expect(fr['field.auditTime' as keyof typeof fr]).toBe('Heure de l’audit');
  });

  it('says « 1 problème », never « 1 problèmes » (CLDR plural forms)', () => {
    const one = new Intl.PluralRules('fr-FR').select(1);
    expect(fr[`import.problemsCount.${one}` as keyof typeof fr]).toBe('{count} problème');
    expect(new Intl.PluralRules('fr-FR').select(0)).toBe('one');
    expect(new Intl.PluralRules('en-GB').select(0)).toBe('other');
  });
});

describe('each view\'s own messages', () => {
  const viewMessageFiles = filesUnder('renderer/src/views', /^messages\.ts$/);

  it('has the same keys and placeholders in French and English', async () => {
    expect(viewMessageFiles.length).toBeGreaterThanOrEqual(4);
    for (const file of viewMessageFiles) {
      const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      const catalogues = Object.values(module).filter((value): value is { fr: Record<string, string>; en: Record<string, string> } =>
        typeof value === 'object' && value !== null && 'fr' in value && 'en' in value);
      expect(catalogues.length, file).toBeGreaterThan(0);
      for (const catalogue of catalogues) expectSameTexts(file, catalogue.fr, catalogue.en);
    }
    expectSameTexts('chart-messages', chartMessages.fr, chartMessages.en);
  });
});

describe('error texts (shared/error-messages.ts)', () => {
  it('has a French and an English title for every error code', () => {
    const codes = unionMembers('shared/errors.ts', 'ErrorCode');
    expect(codes.length).toBeGreaterThan(15);
    for (const code of codes) {
      const title = (ERROR_CODE_TITLES as Record<string, { fr?: string; en?: string }>)[code];
      expect(title?.fr, `${code} fr`).toBeTruthy();
      expect(title?.en, `${code} en`).toBeTruthy();
    }
    expect(Object.keys(ERROR_CODE_TITLES).sort()).toEqual([...codes].sort());
  });

  it('has every text in both languages with the same placeholders', () => {
    expectSameTexts('erreurs', ERROR_MESSAGES_FR, ERROR_MESSAGES_EN);
  });

  it('holds every key main/ throws with, and each throw site passes the placeholders its text needs', () => {
    const sites: Array<{ key: string; file: string; call: string }> = [];
    for (const file of [...filesUnder('main', /\.ts$/), ...filesUnder('shared', /\.ts$/)]) {
      const source = read(file);
      for (const match of source.matchAll(/AppError\.keyed\(\s*'[A-Z_]+',\s*'([\w.]+)'([^;]*)/g)) sites.push({ key: match[1] as string, file, call: match[2] as string });
      for (const match of source.matchAll(/\breason\(\s*'([\w.]+)'/g)) sites.push({ key: match[1] as string, file, call: '' });
    }
    expect(sites.length).toBeGreaterThan(60);
    expect(sites.filter((s) => !Object.hasOwn(ERROR_MESSAGES_FR, s.key)).map((s) => `${s.key} (${s.file})`)).toEqual([]);
    // Throws that give their parameters inline (not spread): every placeholder of the text is named in the call.
    for (const site of sites.filter((s) => /^\s*,\s*\{/.test(s.call) && !/^\s*,\s*\{\s*\.\.\./.test(s.call))) {
      for (const name of placeholders(ERROR_MESSAGES_FR[site.key as ErrorMessageKey])) {
        expect(site.call, `${site.key} (${site.file}) : {${name}}`).toMatch(new RegExp(`\\b${name}\\b`));
      }
    }
  });

  it('renders a thrown error in the interface language, its French message for the CLI, the server\'s text when it has no key', () => {
    const error = AppError.keyed('NOT_FOUND', 'analytics.editionUnknown', { edition: 2031, known: '2023, 2024' }, { edition: 2031 });
    expect(error.message).toBe("L'édition 2031 n'existe pas dans l'espace de travail (éditions : 2023, 2024).");
    const sent = JSON.parse(JSON.stringify(error.toJSON())) as { code: string; message: string; text?: unknown };
    expect(localizedErrorMessage(sent, 'en')).toBe('The edition 2031 does not exist in the workspace (editions: 2023, 2024).');
    expect(localizedErrorMessage(sent, 'fr')).toBe(error.message);
    expect(localizedErrorMessage({ message: 'Message du serveur.' }, 'en')).toBe('Message du serveur.');
    expect(localizedErrorMessage({ message: 'Message du serveur.', text: { key: 'no.such.key' } }, 'en')).toBe('Message du serveur.');

    // A nested reason follows the language; big numbers take the language's grouping, years never.
    const refused = AppError.keyed('FILE_UNREADABLE', 'import.unreadable', { file: 'a.xlsx', reason: { key: 'import.reason.password' } });
    expect(refused.message).toBe('Le fichier « a.xlsx » est illisible : le classeur est protégé par mot de passe : enregistrez-le sans mot de passe.');
    expect(localizedErrorMessage(refused.toJSON(), 'en')).toBe('The file "a.xlsx" cannot be read: the workbook is password-protected: save it without a password.');
    expect(renderErrorText({ key: 'api.requestTooLarge', params: { limit: 1048576 } }, 'en')).toBe('Request too large (limit 1,048,576 bytes).');
  });

  it('leaves no placeholder unfilled when every parameter is given', () => {
    for (const key of Object.keys(ERROR_MESSAGES_FR) as ErrorMessageKey[]) {
      const params = Object.fromEntries(placeholders(ERROR_MESSAGES_FR[key]).map((name) => [name, 'x']));
      for (const lang of ['fr', 'en'] as const) expect(renderErrorText({ key, params }, lang), `${key} ${lang}`).not.toMatch(/\{\w+\}/);
    }
  });
});
