import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isSqliteFailure, sqliteFailureToAppError, toUserError } from '../../main/db/sqlite-errors.js';
import { AppError } from '../../shared/errors.js';

/** better-sqlite3's own error class, as SQLite raises it (message, extended result code). */
const sqlite = (code: string, message = 'message de SQLite'): Error => new Database.SqliteError(message, code);

describe('SQLite failures in the user\'s language', () => {
  const file = '/nulle/part/espace.sqlite';

  it('gives each family its own code and French message, never the SqliteError text', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['SQLITE_FULL', 'DISK_FULL', /^Le disque est plein : l'import n'a rien écrit, l'espace de travail est inchangé ; libérez au moins 100 Mo/],
      ['SQLITE_IOERR_WRITE', 'DISK_IO', /^Erreur de lecture ou d'écriture sur le disque pendant l'import \(espace « espace\.sqlite »\)/],
      ['SQLITE_IOERR', 'DISK_IO', /La transaction en cours a été annulée/],
      ['SQLITE_READONLY', 'WORKSPACE_READONLY', /^L'espace de travail « espace\.sqlite » est en lecture seule/],
      ['SQLITE_READONLY_DIRECTORY', 'WORKSPACE_READONLY', /l'import ne peut pas y écrire/],
      ['SQLITE_BUSY', 'WORKSPACE_LOCKED', /^L'espace est ouvert par un autre programme \(« espace\.sqlite »\) qui y écrit : après 5 s d'attente, l'import a renoncé sans rien écrire/],
      ['SQLITE_BUSY_SNAPSHOT', 'WORKSPACE_LOCKED', /ouvert par un autre programme/],
      ['SQLITE_CORRUPT', 'WORKSPACE_CORRUPT', /^L'espace de travail « espace\.sqlite » est endommagé \(pages illisibles\) : l'import a été arrêté\. « barometer check »/],
      ['SQLITE_CORRUPT_INDEX', 'WORKSPACE_CORRUPT', /un index est incohérent/],
      ['SQLITE_NOTADB', 'WORKSPACE_INVALID', /^« espace\.sqlite » n'est pas une base SQLite/],
      ['SQLITE_CONSTRAINT_UNIQUE', 'INTERNAL', /^Erreur interne de la base de données pendant l'import \(SQLITE_CONSTRAINT_UNIQUE\)/],
    ];
    for (const [code, expected, message] of cases) {
      const error = sqliteFailureToAppError(sqlite(code), { file, operation: "l'import", busyTimeoutMs: 5000 });
      expect(error, code).toBeInstanceOf(AppError);
      expect(error!.code, code).toBe(expected);
      expect(error!.message, code).toMatch(message);
      expect(error!.message, code).not.toMatch(/SqliteError|message de SQLite/);
      expect(error!.details, code).toMatchObject({ sqliteCode: code, file });
    }
  });

  it('on a workspace opened read-only because it is damaged, a write is explained as damage', () => {
    const error = sqliteFailureToAppError(sqlite('SQLITE_READONLY'), { file, operation: "l'import", damaged: true });
    expect(error?.code).toBe('WORKSPACE_CORRUPT');
    expect(error?.message).toMatch(/est endommagé : il est ouvert en lecture seule pour ne pas aggraver les dégâts/);
  });

  it('leaves other errors alone; toUserError passes AppErrors through and wraps the rest', () => {
    expect(isSqliteFailure(sqlite('SQLITE_FULL'))).toBe(true);
    expect(isSqliteFailure(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(false);
    expect(sqliteFailureToAppError(new TypeError('boom'))).toBeNull();
    const app = new AppError('NOT_FOUND', 'introuvable');
    expect(toUserError(app)).toBe(app);
    expect(toUserError(new TypeError('boom'), { operation: "l'export" })).toMatchObject({ code: 'INTERNAL', message: "Erreur inattendue pendant l'export : boom" });
  });
});
