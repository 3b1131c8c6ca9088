/**
 * Start-up milestones as User Timing marks (`barometre:<name>`), each set once per page load: the
 * UI benchmark reads them to say where the time between navigation and the first grid rows goes.
 * A mark costs microseconds; nothing is recorded anywhere else.
 */
const seen = new Set<string>();

export function markOnce(name: string): void {
  if (seen.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  seen.add(name);
  performance.mark(`barometre:${name}`);
}
