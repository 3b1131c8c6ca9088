/** Counts that describe a workspace (what `barometer info` and the Accueil view show). Pure. */

export interface EditionInfo {
  year: number;
  structures: number;
  audits: number;
  observations: number;
  expectedAudits: number;
}

export interface WorkspaceInfo {
  editions: EditionInfo[];
  items: number;
  determinants: number;
  channels: number;
  steps: number;
  structures: number;
  imports: number;
  isDemo: boolean;
}
