/**
 * The typed API client: every call of the renderer goes through `invoke(method, input)`, typed by
 * shared/contract.ts. Two transports carry it:
 * - desktop: `window.barometer` exposed by the Electron preload (IPC);
 * - browser mode: `POST /api/<method>` with `Authorization: Bearer <token>` and body `{ input }`,
 *   answering the `{ ok, result | error }` envelope; events through an EventSource on
 *   `/api/events?token=` (one SSE `event:` per event name, `data:` the JSON payload); big files go
 *   as raw bytes to `POST /api/upload?name=`.
 * The per-run token arrives once as `?token=` in the address; it is kept in sessionStorage (so a
 * reload keeps working) and stripped from the address bar. Errors surface as `ApiError`.
 */
import type {
  ApiEvent, ApiEventMessage, ApiEventPayload, ApiInput, ApiMethod, ApiOutput, ApiResponse, BarometerBridge,
} from '../../../shared/contract.js';
import type { StagedFile } from '../../../shared/api-types.js';
import { EVENT_NAMES } from '../../../shared/ipc-channels.js';
import type { ErrorText } from '../../../shared/error-messages.js';
import type { ErrorCode, SerializedError } from '../../../shared/errors.js';

declare global {
  interface Window {
    barometer?: BarometerBridge;
  }
}

/**
 * An error as the main side reported it: stable `code`, French `message`, and the catalogue `text`
 * the interface renders in its current language (`localizedErrorMessage`).
 */
export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly details?: unknown;
  readonly text?: ErrorText;

  constructor(code: ErrorCode | 'NETWORK', message: string, details?: unknown, text?: ErrorText) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    if (text) this.text = text;
  }

  static fromSerialized(error: SerializedError): ApiError {
    return new ApiError(error.code, error.message, error.details, error.text);
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (isSerializedError(error)) return ApiError.fromSerialized(error);
    const message = error instanceof Error ? error.message : String(error);
    // Electron wraps errors thrown by handlers: "Error invoking remote method '…': CODE: message".
    return new ApiError('INTERNAL', message);
  }
}

function isSerializedError(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
    && typeof (value as { message?: unknown }).message === 'string';
}

const TOKEN_KEY = 'barometer.token';

/** Reads `?token=` once, keeps it for the tab's life, and removes it from the address bar. */
function captureToken(): string | null {
  if (typeof window === 'undefined') return null;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still lives in memory for this page.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const token = captureToken();

/** The browser-mode token (null on desktop): download URLs built by the UI need it. */
export function apiToken(): string | null {
  return token;
}

export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.barometer !== undefined;
}

async function httpInvoke(method: string, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ input: input ?? {} }),
    });
  } catch (error) {
    throw new ApiError('NETWORK', 'Le serveur local ne répond pas. Relancez l’application.', { cause: String(error) });
  }
  let envelope: ApiResponse;
  try {
    envelope = (await response.json()) as ApiResponse;
  } catch {
    throw new ApiError('INTERNAL', `Réponse illisible du serveur local (HTTP ${response.status}).`);
  }
  if (envelope.ok) return envelope.result;
  throw ApiError.fromSerialized(envelope.error);
}

/** Calls one API method. Rejects with an `ApiError`. */
export async function invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const bridge = typeof window !== 'undefined' ? window.barometer : undefined;
  try {
    if (bridge) {
      // The preload resolves the envelope (never rejects for an API error) so code and details survive IPC.
      const envelope = await bridge.invoke(method, input);
      if (envelope.ok) return envelope.result;
      throw ApiError.fromSerialized(envelope.error);
    }
    return (await httpInvoke(method, input)) as ApiOutput<M>;
  } catch (error) {
    throw ApiError.from(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Events

type AnyListener = (payload: unknown) => void;
const listeners = new Map<ApiEvent, Set<AnyListener>>();
let source: EventSource | null = null;
let sourceOpen: Promise<void> | null = null;

function dispatch(message: ApiEventMessage): void {
  const set = listeners.get(message.event);
  if (!set) return;
  for (const listener of [...set]) listener(message.payload);
}

/** Opens the shared EventSource (browser mode) and resolves once it is connected. */
function ensureEventSource(): Promise<void> {
  if (sourceOpen) return sourceOpen;
  sourceOpen = new Promise<void>((resolve) => {
    const url = `./api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url);
    // One SSE `event:` per event name, `data:` the JSON payload.
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        try {
          dispatch({ event: name, payload: JSON.parse((event as MessageEvent<string>).data) } as ApiEventMessage);
        } catch {
          // A malformed event is dropped: nothing the UI could do with it.
        }
      });
    }
    source.addEventListener('open', () => resolve());
    // Never block a caller forever on a dead stream: jobs will still report through polling-free UI errors.
    window.setTimeout(resolve, 3000);
  });
  return sourceOpen;
}

/** Waits until events can be received (call before starting a job so its events are not missed). */
export async function eventsReady(): Promise<void> {
  if (isDesktop()) return;
  await ensureEventSource();
}

/** Subscribes to one event kind; returns the unsubscribe function. */
export function on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
  const bridge = typeof window !== 'undefined' ? window.barometer : undefined;
  if (bridge) return bridge.on(event, listener);
  void ensureEventSource();
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
  }
  const wrapped = listener as AnyListener;
  set.add(wrapped);
  return () => {
    set.delete(wrapped);
  };
}

/**
 * Browser mode: sends a file's raw bytes (`POST /api/upload?name=`) and returns the staged file.
 * Desktop never needs it (the dialogs give paths).
 */
export async function uploadFile(file: File): Promise<StagedFile> {
  let response: Response;
  try {
    response = await fetch(`./api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: file,
    });
  } catch (error) {
    throw new ApiError('NETWORK', 'Le serveur local ne répond pas. Relancez l’application.', { cause: String(error) });
  }
  let envelope: ApiResponse<StagedFile>;
  try {
    envelope = (await response.json()) as ApiResponse<StagedFile>;
  } catch {
    throw new ApiError('INTERNAL', `Réponse illisible du serveur local (HTTP ${response.status}).`);
  }
  if (envelope.ok) return envelope.result;
  throw ApiError.fromSerialized(envelope.error);
}

/** For tests and hot reload: closes the browser-mode event stream. */
export function closeEvents(): void {
  source?.close();
  source = null;
  sourceOpen = null;
}
