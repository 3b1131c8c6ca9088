/**
 * First blocks of infinite grids, asked for before the grid exists and handed to it when it asks.
 * Kept outside the components on purpose: React may render a component and throw the render away
 * before it mounts (its refs with it), and the block must be requested once, not once per render.
 * An entry is taken once and forgotten after a few seconds, so it never serves old data later.
 */
const LIFETIME_MS = 10_000;
const blocks = new Map<string, { at: number; owner: string; block: Promise<unknown> }>();

function forgetOld(now: number): void {
  for (const [key, entry] of blocks) if (now - entry.at > LIFETIME_MS) blocks.delete(key);
}

/** Starts `fetch` for the grid `owner` unless the same block is already on its way. */
export function requestEarly<T>(owner: string, key: string, fetch: () => Promise<T>): void {
  const now = Date.now();
  forgetOld(now);
  if (blocks.has(key)) return;
  const block = fetch();
  block.catch(() => undefined); // A failure is reported when the grid asks for the block.
  blocks.set(key, { at: now, owner, block });
}

/** The early block for `key` if there is a recent one (then forgotten), else null. */
export function takeEarly<T>(key: string): Promise<T> | null {
  const entry = blocks.get(key);
  blocks.delete(key);
  if (!entry || Date.now() - entry.at > LIFETIME_MS) return null;
  return entry.block as Promise<T>;
}

/**
 * Drops the early blocks of one grid (going away), or all of them: none may outlive the view that
 * asked for it. Only that grid's: the next one (another tab) may have asked for its own already.
 */
export function forgetEarlyBlocks(owner?: string): void {
  for (const [key, entry] of blocks) if (owner === undefined || entry.owner === owner) blocks.delete(key);
}
