/**
 * The selected edition: app state every view reads (`useEdition()`), chosen in the top bar.
 * Defaults to the most recent edition of the workspace; the choice is remembered in the
 * workspace's settings (`ui.edition`) so reopening the workspace brings it back.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { EditionInfo } from '../../../shared/workspace-types.js';
import { useSetting, writeSetting } from '../api/queries/app.js';
import { useWorkspaceInfo } from '../api/queries/workspace.js';
import { EDITION_SETTING } from './edition-setting.js';

export interface EditionState {
  /** The selected edition (year), null when the workspace has none. */
  edition: number | null;
  /** Editions of the workspace with their counts, most recent first. */
  editions: EditionInfo[];
  setEdition: (year: number) => void;
  /** True until the workspace's editions and the remembered choice are known. */
  loading: boolean;
}

export { EDITION_SETTING };

const EditionContext = createContext<EditionState>({ edition: null, editions: [], setEdition: () => undefined, loading: true });

export function EditionProvider({ children }: { children: ReactNode }): React.JSX.Element {
  const info = useWorkspaceInfo();
  const stored = useSetting(EDITION_SETTING);
  const [chosen, setChosen] = useState<number | null>(null);

  const editions = useMemo(() => [...(info.data?.editions ?? [])].sort((a, b) => b.year - a.year), [info.data]);
  const storedYear = typeof stored.data?.value === 'number' ? stored.data.value : null;

  // A choice that no longer exists (another workspace, an undone import) falls back to the latest.
  const edition = useMemo(() => {
    if (chosen !== null && editions.some((e) => e.year === chosen)) return chosen;
    return rememberedEdition(editions, storedYear);
  }, [chosen, storedYear, editions]);

  useEffect(() => {
    if (chosen !== null && !editions.some((e) => e.year === chosen) && editions.length > 0) setChosen(null);
  }, [chosen, editions]);

  const setEdition = useCallback((year: number) => {
    setChosen(year);
    writeSetting(EDITION_SETTING, year).catch(() => undefined);
  }, []);

  const value = useMemo<EditionState>(
    () => ({ edition, editions, setEdition, loading: info.isPending || stored.isPending }),
    [edition, editions, setEdition, info.isPending, stored.isPending],
  );
  return <EditionContext.Provider value={value}>{children}</EditionContext.Provider>;
}

/**
 * The edition a fresh page opens on: the remembered one if the workspace still has it, else the
 * most recent (also used by a view's start-up prefetch, before React renders).
 */
export function rememberedEdition(editions: readonly EditionInfo[], storedYear: number | null): number | null {
  if (storedYear !== null && editions.some((e) => e.year === storedYear)) return storedYear;
  return editions.reduce<number | null>((latest, e) => (latest === null || e.year > latest ? e.year : latest), null);
}

/** The selected edition and the list to choose from. */
export function useEdition(): EditionState {
  return useContext(EditionContext);
}
