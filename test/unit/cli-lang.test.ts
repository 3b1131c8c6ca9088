/** The CLI's choice of language (main/cli/lang.ts): --lang, then BAROMETER_LANG, then the POSIX locale; French by default. */
import { describe, expect, it } from 'vitest';
import { environmentLang, langOf, takeLangOption } from '../../main/cli/lang.js';

describe('the language of the command line', () => {
  it('reads fr or en from a language code or a locale, nothing else', () => {
    expect(['en', 'EN', 'en_GB.UTF-8', 'en-US', 'en@euro'].map(langOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
    expect(['fr', 'fr_FR.UTF-8', 'fr-CA'].map(langOf)).toEqual(['fr', 'fr', 'fr']);
    expect(['C', 'C.UTF-8', 'POSIX', 'de_DE.UTF-8', 'english', 'french', '', undefined].map(langOf)).toEqual([null, null, null, null, null, null, null, null]);
  });

  it('takes BAROMETER_LANG, else the first locale variable set (LC_ALL, LC_MESSAGES, LANG), else French', () => {
    expect(environmentLang({})).toBe('fr');
    expect(environmentLang({ LANG: 'C.UTF-8' })).toBe('fr');
    expect(environmentLang({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(environmentLang({ LANG: 'en_GB.UTF-8', LC_ALL: 'fr_FR.UTF-8' })).toBe('fr');
    expect(environmentLang({ LANG: 'fr_FR.UTF-8', LC_MESSAGES: 'en_US.UTF-8' })).toBe('en');
    // LC_ALL set to a locale that names no language still decides (as POSIX says): French.
    expect(environmentLang({ LANG: 'en_GB.UTF-8', LC_ALL: 'C' })).toBe('fr');
    expect(environmentLang({ LANG: 'en_GB.UTF-8', LC_ALL: '' })).toBe('en');
    expect(environmentLang({ LANG: 'en_GB.UTF-8', BAROMETER_LANG: 'fr' })).toBe('fr');
    expect(environmentLang({ LANG: 'fr_FR.UTF-8', BAROMETER_LANG: 'en' })).toBe('en');
    // An unreadable BAROMETER_LANG is ignored, not fatal.
    expect(environmentLang({ LANG: 'en_GB.UTF-8', BAROMETER_LANG: 'klingon' })).toBe('en');
  });

  it('finds --lang anywhere, moves one given before the command after its name, stops at --', () => {
    expect(takeLangOption(['info', '--json'])).toEqual({ value: undefined, argv: ['info', '--json'] });
    expect(takeLangOption(['info', '--lang', 'en'])).toEqual({ value: 'en', argv: ['info', '--lang', 'en'] });
    expect(takeLangOption(['info', '--lang=en', '--lang=fr'])).toEqual({ value: 'fr', argv: ['info', '--lang=en', '--lang=fr'] });
    expect(takeLangOption(['--lang', 'en', 'export', 'tables'])).toEqual({ value: 'en', argv: ['export', '--lang=en', 'tables'] });
    expect(takeLangOption(['--lang=en', 'export', '--lang', 'fr'])).toEqual({ value: 'fr', argv: ['export', '--lang', 'fr'] });
    expect(takeLangOption(['--lang', 'en'])).toEqual({ value: 'en', argv: [] });
    expect(takeLangOption(['import', '--', '--lang=en'])).toEqual({ value: undefined, argv: ['import', '--', '--lang=en'] });
  });
});
