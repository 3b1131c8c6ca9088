/**
 * First blocks of infinite grids, asked for before the grid exists and handed to it when it asks.
 * Kept outside the components on purpose: React may render a component and throw the render away
 * before it mounts (its refs with it), and the block must be requested once, not once per render.
 * An entry is taken once and forgotten after a few seconds, so it never serves old data later.
 */
const LIFETIME_MS = 10_000;
const blocks = new Map<string, { at: number; block: Promise<unknown> }>();

function forgetOld(now: number): void {
  for (const [key, entry] of blocks) if (now - entry.at > LIFETIME_MS) blocks.delete(key);
}

/** Starts `fetch` unless the same block is already on its way. */
export function requestEarly<T>(key: string, fetch: () => Promise<T>): void {
  const now = Date.now();
  forgetOld(now);
  if (blocks.has(key)) return;
  const block = fetch();
  block.catch(() => undefined); // A failure is reported when the grid asks for the block.
  blocks.set(key, { at: now, block });
}

/** The early block for `key` if there is a recent one (then forgotten), else null. */
export function takeEarly<T>(key: string): Promise<T> | null {
  const entry = blocks.get(key);
  blocks.delete(key);
  if (!entry || Date.now() - entry.at > LIFETIME_MS) return null;
  return entry.block as Promise<T>;
}

/** Drops every early block (a grid going away): none may outlive the page that asked for it. */
export function forgetEarlyBlocks(): void {
  blocks.clear();
}
