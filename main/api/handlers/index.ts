/** Every handler of the contract, per domain. The type makes a missing or extra method a compile error. */
import type { AllHandlers } from '../router.js';
import { appHandlers, settingsHandlers } from './app.js';
import { workspaceHandlers } from './workspace.js';
import { importsHandlers, presetsHandlers } from './imports.js';
import { explorerHandlers } from './explorer.js';
import { analyticsHandlers } from './analytics.js';
import { chartsHandlers } from './charts.js';
import { labelsHandlers, referentialHandlers } from './labels.js';
import { exportsHandlers } from './exports.js';
import { entryHandlers } from './entry.js';
import { correctionsHandlers } from './corrections.js';
import { dialogsHandlers, jobsHandlers, shellHandlers } from './jobs.js';

export const HANDLERS: AllHandlers = {
  ...appHandlers,
  ...settingsHandlers,
  ...workspaceHandlers,
  ...importsHandlers,
  ...presetsHandlers,
  ...explorerHandlers,
  ...analyticsHandlers,
  ...chartsHandlers,
  ...labelsHandlers,
  ...referentialHandlers,
  ...exportsHandlers,
  ...entryHandlers,
  ...correctionsHandlers,
  ...jobsHandlers,
  ...shellHandlers,
  ...dialogsHandlers,
};
