/**
 * The correction session: every correction made during one run of the application (or one CLI
 * invocation) carries the same id, so that « Annuler la session » takes them all back at once.
 * One process is one run, so the id is drawn once per process.
 */
import { randomUUID } from 'node:crypto';

let sessionId: string | null = null;

/** `2026-12-06T22:15:03Z-1a2b3c4d`: readable (when it started) and unique. */
export function newSessionId(): string {
  return `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
}

/** The session of this process (the app's run); a CLI invocation draws its own with newSessionId. */
export function currentSessionId(): string {
  sessionId ??= newSessionId();
  return sessionId;
}
