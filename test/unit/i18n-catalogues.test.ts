/**
 * The interface's words exist in both languages: every key the renderer asks of the one
 * dictionary (literal or built from a domain list) is in messages-fr.ts and messages-en.ts, no
 * view keeps a catalogue of its own, every error code
 * has a title in both, and every catalogue text an AppError is thrown with (grep of main/) exists
 * in both with the same placeholders. Read from the real source files, so a new `t('…')` or a new
 * `AppError.keyed(…)` is checked the day it is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from '../../renderer/src/i18n/messages-fr.js';
import { en } from '../../renderer/src/i18n/messages-en.js';
import { FIELDS } from '../../shared/columns.js';
import {
  ERROR_CODE_TITLES, ERROR_MESSAGES_EN, ERROR_MESSAGES_FR, localizedErrorMessage, renderErrorText, type ErrorMessageKey,
} from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';
import { countParam, hostile, overLimit, reason, resolveLimits, sizeText } from '../../main/import/readers/reader-errors.js';

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

describe('one dictionary for every view', () => {
  it('no view or component keeps a catalogue of its own ({ fr, en } objects, useMessages)', () => {
    const own = RENDERER_FILES.filter((file) => !file.startsWith(path.join('renderer', 'src', 'i18n')))
      .filter((file) => /\bfr\s*:\s*\{[^}]*['\w]+\s*:\s*['"`]/.test(read(file)) || /\buseMessages\(/.test(read(file)));
    expect(own).toEqual([]);
  });

  it('holds the keys a view builds from a stem (`entry.unit_${unit}`): some key has each stem', () => {
    const stems = new Map<string, string>();
    for (const file of RENDERER_FILES) {
      for (const match of read(file).matchAll(/\btn?\(\s*`([a-zA-Z][\w]*\.[\w.]*_)\$\{/g)) stems.set(match[1] as string, file);
    }
    expect(stems.size).toBeGreaterThan(0);
    const missing = [...stems].filter(([stem]) => !Object.keys(fr).some((key) => key.startsWith(stem))).map(([stem, file]) => `${stem} (${file})`);
    expect(missing).toEqual([]);
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

  /**
   * Where a `new AppError(code, 'literal')` may stay: its message is shown as written (French), so
   * each place says why no reader of another language meets it.
   */
  const LITERAL_MESSAGE_ALLOWED: ReadonlyArray<{ path: string; why: string }> = [
    // An undo log row of an unknown kind: a defect of the application (INTERNAL), not a user's situation.
    { path: 'main/import/history.ts', why: 'internal invariant' },
  ];

  it('throws no literal message from main/ outside the allow-list: every user-facing error has a catalogue key', () => {
    const offenders: string[] = [];
    let allowed = 0;
    for (const file of filesUnder('main', /\.ts$/)) {
      const source = read(file);
      // `new AppError('CODE', 'text…'`, `"text…"` or `` `text…` `` (possibly over several lines).
      for (const match of source.matchAll(/new AppError\(\s*'([A-Z_]+)',\s*(['"`])/g)) {
        const line = source.slice(0, match.index).split('\n').length;
        const posix = file.split(path.sep).join('/');
        if (LITERAL_MESSAGE_ALLOWED.some((entry) => posix === entry.path)) allowed += 1;
        else offenders.push(`${posix}:${line} (${match[1]})`);
      }
    }
    expect(offenders, 'use AppError.keyed(code, key, params) with a French and an English text in shared/error-messages.ts').toEqual([]);
    // The scan sees the internal invariant's literal: it would see a new one elsewhere.
    expect(allowed).toBeGreaterThan(0);
    // Every allowed place still exists and still holds a literal (a stale entry would hide nothing but mislead).
    for (const entry of LITERAL_MESSAGE_ALLOWED) {
      expect(fs.existsSync(path.join(ROOT, entry.path)), entry.path).toBe(true);
      expect(read(entry.path), `${entry.path} n'a plus de message littéral : retirez-le de la liste`).toMatch(/new AppError\(\s*'[A-Z_]+',\s*['"`]/);
    }
  });

  it('the command line throws only catalogue texts (its argument errors have English too)', () => {
    const cliFiles = filesUnder('main/cli', /\.ts$/).map((file) => file.split(path.sep).join('/'));
    const literal = cliFiles.filter((file) => /new AppError\(/.test(read(file)));
    expect(literal).toEqual([]);
    // And the CLI's own lines (unknown command, help hint, error prefix) come from the catalogue, not literals.
    expect(read('main/cli/index.ts')).not.toMatch(/io\.err\(\s*[`'"][^$]/);
  });

  it('renders the errors of corrections, entry, file browser and SQLite failures in English, French unchanged', () => {
    const undo = AppError.keyed('CONFLICT', 'corrections.undoLaterChange', {
      change: { key: 'corrections.undoLabel', params: { id: '10234', reference: 'A-1', item: 'TEL-01' } }, later: '10240',
    });
    expect(undo.message).toBe("Impossible d'annuler la correction n° 10234 (audit « A-1 », critère « TEL-01 ») : la même valeur a été corrigée de nouveau depuis (correction n° 10240). Annulez d'abord celle-ci.");
    expect(localizedErrorMessage(undo.toJSON(), 'en')).toBe('Cannot undo correction no. 10234 (audit "A-1", item "TEL-01"): the same value was corrected again since (correction no. 10240). Undo that one first.');
    const outside = AppError.keyed('FORBIDDEN', 'files.outside', { path: '/etc', roots: { key: 'files.roots' } });
    expect(outside.message).toBe("Accès refusé à « /etc » : le navigateur de fichiers se limite à votre dossier personnel et le dossier de l'application.");
    expect(localizedErrorMessage(outside.toJSON(), 'en')).toBe('Access refused to "/etc": the file browser is limited to your home folder and the application\'s folder.');
    const locked = AppError.keyed('WORKSPACE_LOCKED', 'sqlite.locked', {
      named: { key: 'sqlite.namedInParentheses', params: { name: 'espace.sqlite' } },
      waited: { key: 'sqlite.locked.waited', params: { seconds: '5' } },
      operation: { key: 'sqlite.operation.import' },
    });
    expect(localizedErrorMessage(locked.toJSON(), 'en')).toBe('The workspace is open in another program ("espace.sqlite") that is writing to it: after waiting 5 s, the import gave up without writing anything. Close the other program (or the application\'s other window), then try again.');
    expect(localizedErrorMessage(locked.toJSON(), 'en')).not.toMatch(/[àâçéèêëîïôûù«»]/);

    // A reader's deep reason (a cap of limits.ts): sizes, counts and the hint follow the language.
    const limits = resolveLimits({});
    const fields = overLimit('une-ligne.csv', 'maxCsvFields', limits, reason('import.what.csvFields', { row: '1', count: countParam(16_385) }));
    expect(fields.message.replace(/[\u202f\u00a0]/g, ' ')).toBe('Le fichier « une-ligne.csv » est refusé par précaution : la ligne 1 compte au moins 16 385 champs, au-delà de la limite de 16 384 champs (limite « maxCsvFields », réglable : barometer import --limit maxCsvFields=32768).');
    expect(localizedErrorMessage(fields.toJSON(), 'en')).toBe('The file "une-ligne.csv" is refused as a precaution: row 1 has at least 16,385 fields, beyond the limit of 16,384 fields (limit "maxCsvFields", adjustable: barometer import --limit maxCsvFields=32768).');
    const bomb = hostile('b.xlsx', reason('import.reason.entryLiesInflate', { entry: 'xl/worksheets/sheet1.xml', size: sizeText(1536) }));
    expect(bomb.message).toContain('(1,5 Ko) : taille mensongère');
    expect(localizedErrorMessage(bomb.toJSON(), 'en')).toContain('(1.5 KB): a lying size');
  });

  it('leaves no placeholder unfilled when every parameter is given', () => {
    for (const key of Object.keys(ERROR_MESSAGES_FR) as ErrorMessageKey[]) {
      const params = Object.fromEntries(placeholders(ERROR_MESSAGES_FR[key]).map((name) => [name, 'x']));
      for (const lang of ['fr', 'en'] as const) expect(renderErrorText({ key, params }, lang), `${key} ${lang}`).not.toMatch(/\{\w+\}/);
    }
  });
});
