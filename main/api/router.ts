/**
 * The one router both transports call (Electron IPC and HTTP in browser mode): it checks the
 * caller, rejects unknown methods, parses the input with the contract's schema (French messages),
 * runs the handler and turns every outcome into a serialisable `ApiResponse` envelope. A handler
 * never sees unparsed input; a caller never sees a stack trace.
 */
import { z } from 'zod';
import { API, isApiMethod, type ApiMethod, type ApiResponse } from '../../shared/contract.js';
import { AppError, serializeError, type SerializedError } from '../../shared/errors.js';
import type { ErrorText } from '../../shared/error-messages.js';
import type { ApiContext, CallContext, Handler, HandlerMap } from './context.js';
import { failureContext } from '../db/health.js';
import { sqliteFailureToAppError } from '../db/sqlite-errors.js';

/** Who is calling: the transport resolves it (IPC sender frame URL, HTTP Origin/Host). */
export interface CallerInfo {
  /** Origin of the page that sent the call (`app://barometre`, `http://127.0.0.1:PORT`). */
  origin: string | null;
}

export interface RouterOptions {
  /** Origins allowed to call (the app's own origin, nothing else). */
  allowedOrigins: readonly string[];
  /** Logs unexpected (non-AppError) failures; defaults to stderr. */
  logError?: (method: string, error: unknown) => void;
}

export type AllHandlers = HandlerMap<ApiMethod>;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map((issue) => (issue.path.length ? `${issue.path.join('.')} : ${issue.message}` : issue.message));
  const more = issues.length > 3 ? ` (et ${issues.length - 3} autre${issues.length - 3 > 1 ? 's' : ''})` : '';
  return `Paramètres invalides — ${parts.join(' ; ')}${more}.`;
}

const FR_ERRORS = z.locales.fr().localeError;
const EN_ERRORS = z.locales.en().localeError;

export class ApiRouter {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    private readonly context: ApiContext,
    private readonly handlers: AllHandlers,
    private readonly options: RouterOptions,
  ) {
    this.allowed = new Set(options.allowedOrigins);
  }

  /** Adds an allowed origin (browser mode knows its port only once listening). */
  allowOrigin(origin: string): void {
    (this.allowed as Set<string>).add(origin);
  }

  async call(method: string, rawInput: unknown, caller: CallerInfo): Promise<ApiResponse> {
    try {
      if (!caller.origin || !this.allowed.has(caller.origin)) {
        throw AppError.keyed('FORBIDDEN', 'api.notFromApp', undefined, { origin: caller.origin });
      }
      if (!isApiMethod(method)) {
        throw AppError.keyed('UNKNOWN_METHOD', 'api.unknownMethod', { method: method.slice(0, 100) });
      }
      const lang = this.context.prefs.lang;
      const parsed = API[method].input.safeParse(rawInput ?? undefined, { error: lang === 'en' ? EN_ERRORS : FR_ERRORS });
      if (!parsed.success) {
        throw new AppError('INVALID_INPUT', describeIssues(parsed.error.issues), parsed.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })));
      }
      const handler = this.handlers[method] as Handler<ApiMethod>;
      const result = await handler(this.callContext(), parsed.data as never);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: this.toSerialized(method, error) };
    }
  }

  private callContext(): CallContext {
    const context = this.context;
    // Getters: a method that needs no workspace (app.info with none open) never touches one.
    return Object.create(context, {
      db: { get: () => context.session.db },
      workspacePath: { get: () => context.session.path },
      lang: { get: () => context.prefs.lang },
    }) as CallContext;
  }

  private toSerialized(method: string, error: unknown): SerializedError {
    if (error instanceof AppError) return error.toJSON();
    // Disk full, locked, damaged, read-only…: the user's situation, explained, not a defect to log.
    const db = this.context.session.isOpen ? this.context.session.db : undefined;
    const sqlite = sqliteFailureToAppError(error, failureContext(db, operationOf(method)));
    if (sqlite) return sqlite.toJSON();
    (this.options.logError ?? ((m, e) => console.error(`[api] ${m} :`, e)))(method, error);
    const serialized = serializeError(error);
    return { code: 'INTERNAL', message: `Erreur interne pendant « ${method.slice(0, 100)} » : ${serialized.message}` };
  }
}

/** The subject of a SQLite failure message for an API method (« l'import n'a rien écrit »), in the catalogue. */
function operationOf(method: string): ErrorText {
  if (method.startsWith('imports.')) return { key: 'sqlite.operation.import' };
  if (method.startsWith('exports.')) return { key: 'sqlite.operation.export' };
  return { key: 'sqlite.operation.generic' };
}
