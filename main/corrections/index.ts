/** Corrections of observations by an analyst: correct, history, undo (see each module). */
export { correctObservation } from './correct.js';
export { listCorrections, correctionsByIds } from './history.js';
export { undoCorrection, undoLastCorrection, undoSession } from './undo.js';
export { observationCellStates } from './cell-state.js';
export { correctionUserName, setCorrectionUserName, USER_NAME_SETTING } from './user-name.js';
export { currentSessionId, newSessionId } from './session.js';
export { findAudit } from './observation-access.js';
