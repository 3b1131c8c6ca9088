/**
 * The language of the command line's messages: `--lang fr|en` (anywhere on the line, before or
 * after the command), else BAROMETER_LANG, else the locale of the environment (LC_ALL, then
 * LC_MESSAGES, then LANG, as POSIX orders them): English when it names English (`en_GB.UTF-8`),
 * French when it names French and whenever nothing says otherwise (`C`, `POSIX`, unset): the users
 * are French. Light (no import): `barometer --help` reads it.
 */
import type { ErrorLang } from '../../shared/error-messages.js';

export const CLI_LANGS: readonly ErrorLang[] = ['fr', 'en'];

/** `fr` or `en` from a value such as `en`, `EN`, `en_GB.UTF-8`, `fr-FR`; null for anything else. */
export function langOf(value: string | undefined): ErrorLang | null {
  const match = /^([a-z]{2})(?:$|[_.@-])/i.exec(value?.trim() ?? '');
  const code = match?.[1]?.toLowerCase();
  return code === 'fr' || code === 'en' ? code : null;
}

/** The language the environment asks for; French unless it clearly asks for English. */
export function environmentLang(env: NodeJS.ProcessEnv = process.env): ErrorLang {
  const chosen = langOf(env.BAROMETER_LANG);
  if (chosen) return chosen;
  // The first locale variable that is set decides, as for any POSIX program.
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return langOf(locale) ?? 'fr';
}

export interface LangOption {
  /** The value of the last `--lang` given (`--lang X` or `--lang=X`), undefined when none. */
  value: string | undefined;
  /** The arguments without a `--lang` placed before the command name (the command sees its own). */
  argv: string[];
}

/** Finds `--lang` on the command line; one given before the command name is moved after it. */
export function takeLangOption(argv: readonly string[]): LangOption {
  let value: string | undefined;
  const rest = [...argv];
  let leading: string | undefined;
  // Before the command name: `barometer --lang en info`.
  while (rest[0] === '--lang' || rest[0]?.startsWith('--lang=')) {
    const first = rest.shift() as string;
    leading = first === '--lang' ? (rest.shift() ?? '') : first.slice('--lang='.length);
  }
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] as string;
    if (arg === '--') break;
    if (arg === '--lang') value = rest[i + 1];
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
  }
  value ??= leading;
  // The command's own parser sees it too (`export` writes its deliverables in that language).
  if (leading !== undefined && value === leading && rest.length > 0 && !rest.some((a) => a === '--lang' || a.startsWith('--lang='))) rest.splice(1, 0, `--lang=${leading}`);
  return { value, argv: rest };
}
