/**
 * The command line speaks French by default and English when asked (`--lang en`, BAROMETER_LANG,
 * or an English LANG), through the compiled CLI a user runs (`node bin/barometer.js`, the bundle in
 * dist/cli/): an argument error (the CLI's own catalogue text) and an AppError of the workspace
 * layer (`workspace.notSqlite`), in both languages, with their exit codes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/commands/index.js';
import { ENGLISH_SUMMARIES } from '../../main/cli/help-en.js';
import { tempDir } from './helpers.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let dir = '';
let notAWorkspace = '';

beforeAll(() => {
  dir = tempDir('barometre-cli-lang-');
  notAWorkspace = path.join(dir, 'notes.barometre.sqlite');
  fs.writeFileSync(notAWorkspace, 'Ceci est un document texte, pas une base SQLite.\n'.repeat(40));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The environment of a user's shell with this locale, and no language setting of ours. */
function localeEnv(locale: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['BAROMETER_LANG', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[name];
  return { ...env, ...locale };
}

function barometer(args: string[], locale: Record<string, string> = { LANG: 'C.UTF-8' }): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'barometer.js'), ...args], { cwd: dir, env: localeEnv(locale), encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the CLI in French and in English (compiled bundle)', () => {
  it('says an argument error in French by default, in English with --lang en or an English LANG, French again with BAROMETER_LANG=fr', () => {
    const french = barometer(['info', '--bogus']);
    expect(french.status).toBe(2);
    expect(french.stderr).toBe('Option inconnue « --bogus ».\nTapez « barometer info --help ».\n');
    // The bundle ran (built by bin/barometer.js when missing or out of date).
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'barometer.mjs'))).toBe(true);

    const english = barometer(['info', '--bogus', '--lang', 'en']);
    expect(english.status).toBe(2);
    expect(english.stderr).toBe('Unknown option "--bogus".\nType "barometer info --help".\n');
    // Before the command name too.
    expect(barometer(['--lang=en', 'info', '--bogus']).stderr).toBe(english.stderr);
    expect(barometer(['info', '--bogus'], { LANG: 'en_GB.UTF-8' }).stderr).toBe(english.stderr);
    // LC_ALL wins over LANG, BAROMETER_LANG over both, --lang over everything.
    expect(barometer(['info', '--bogus'], { LANG: 'fr_FR.UTF-8', LC_ALL: 'en_US.UTF-8' }).stderr).toBe(english.stderr);
    expect(barometer(['info', '--bogus'], { LANG: 'en_GB.UTF-8', BAROMETER_LANG: 'fr' }).stderr).toBe(french.stderr);
    expect(barometer(['info', '--bogus', '--lang', 'fr'], { BAROMETER_LANG: 'en' }).stderr).toBe(french.stderr);
    // A locale that names no language keeps French (the users are French).
    expect(barometer(['info', '--bogus'], { LANG: 'de_DE.UTF-8' }).stderr).toBe(french.stderr);

    // A command's own argument error (a catalogue text thrown by the command), and an unknown command.
    expect(barometer(['peers']).stderr).toBe('Erreur : Indiquez le code de la structure : barometer peers CODE.\n');
    expect(barometer(['peers', '--lang', 'en']).stderr).toBe('Error: Give the structure code: barometer peers CODE.\n');
    expect(barometer(['frobnicate', '--lang', 'en'])).toMatchObject({ status: 2, stderr: 'Unknown command "frobnicate". Type "barometer --help" for the list of commands.\n' });
    expect(barometer(['info', '--lang', 'de'])).toMatchObject({ status: 2, stderr: '--lang attend « fr » ou « en » (reçu « de »).\n' });
  });

  it('says an AppError of the workspace in the chosen language, and leaves the file untouched', () => {
    const before = fs.readFileSync(notAWorkspace);
    const french = barometer(['info', '--db', notAWorkspace]);
    expect(french.status).toBe(1);
    expect(french.stderr).toBe("Erreur : « notes.barometre.sqlite » n'est pas un espace de travail valide : ce n'est pas une base SQLite (document, fichier chiffré ou tronqué). Le fichier n'a pas été modifié.\n");
    const english = barometer(['info', '--db', notAWorkspace, '--lang', 'en']);
    expect(english.status).toBe(1);
    expect(english.stderr).toBe('Error: "notes.barometre.sqlite" is not a valid workspace: it is not an SQLite database (a document, an encrypted or truncated file). The file was not changed.\n');
    // --json carries the catalogue key, whatever the language of the message.
    const json = barometer(['info', '--db', notAWorkspace, '--json', '--lang', 'en']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'WORKSPACE_INVALID', text: { key: 'workspace.notSqlite' } } });
    expect(fs.readFileSync(notAWorkspace).equals(before)).toBe(true);
  });

  it('prints the general help in English when English is chosen, with an English line for every command', () => {
    const help = barometer(['--help', '--lang', 'en']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: barometer <command> [options]');
    expect(help.stdout).toContain('--lang fr|en');
    const french = barometer(['--help']);
    expect(french.stdout).toContain('Usage : barometer <commande> [options]');
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    for (const command of COMMANDS) {
      const english = command.summaryEn ?? ENGLISH_SUMMARIES[command.name];
      expect(english, `${command.name} : pas de ligne anglaise`).toBeTruthy();
      expect(help.stdout).toContain(`${command.name.padEnd(width)}  ${english}`);
      expect(french.stdout).toContain(command.summary);
    }
    expect(barometer(['serve', '--help'], { LANG: 'en_GB.UTF-8' }).stdout).toContain('Usage: barometer serve');
    // A command without an English help says so, then shows its French help.
    const info = barometer(['info', '--help', '--lang', 'en']).stdout;
    expect(info).toMatch(/^\(The detailed help of this command exists in French only/);
    expect(info).toContain('Usage : barometer info');
    expect(barometer(['info', '--help']).stdout).toMatch(/^Usage : barometer info/);
  });
});
