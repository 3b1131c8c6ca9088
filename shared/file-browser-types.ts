/**
 * What the workspace chooser's file browser (browser mode) answers: a folder inside one of the
 * allowed roots, its sub-folders and workspace files. Pure types, shared by main and renderer.
 */

/** The folders the browser may show: the user's home folder and the app's data folder. */
export type BrowseRootId = 'home' | 'appData';

export interface BrowseRoot {
  id: BrowseRootId;
  /** Real path (symbolic links resolved). */
  path: string;
}

export interface FolderEntry {
  name: string;
  /** Absolute path inside the listed folder. */
  path: string;
  kind: 'folder' | 'workspace';
  /** Files only. */
  bytes?: number;
  /** Files only: ISO date-time of the last modification. */
  modifiedAt?: string;
}

export interface FolderListing {
  /** The listed folder, symbolic links resolved. */
  path: string;
  /** The allowed root that holds it (the innermost when roots nest). */
  root: BrowseRootId;
  /** The folder above, or null at the top of the root. */
  parent: string | null;
  roots: BrowseRoot[];
  /** Folders first, then `*.sqlite` files, each sorted by name; hidden entries and links leading outside the roots are left out. */
  entries: FolderEntry[];
  /** True when the folder held more entries than are listed. */
  truncated: boolean;
}
