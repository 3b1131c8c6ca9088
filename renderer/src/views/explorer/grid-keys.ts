/**
 * Column-state keys of the Explorer's two grids; apart from the view so the registry can prefetch
 * the default tab's saved columns without loading the view's chunk.
 */
export const EXPLORER_GRID_KEYS = { audits: 'explorer.audits', observations: 'explorer.observations' } as const;
