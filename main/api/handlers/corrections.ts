/** `corrections.*`: correct an observation in place, its history, undo (main/corrections). */
import {
  correctObservation, correctionUserName, currentSessionId, listCorrections, observationCellStates, setCorrectionUserName, undoCorrection, undoSession,
} from '../../corrections/index.js';
import type { DomainMethods, HandlerMap } from '../context.js';

export const correctionsHandlers: HandlerMap<DomainMethods<'corrections'>> = {
  'corrections.correct': (ctx, input) => correctObservation(ctx.db, {
    itemCode: input.itemCode,
    reason: input.reason,
    ...(input.edition !== undefined ? { edition: input.edition } : {}),
    ...(input.auditReference !== undefined ? { auditReference: input.auditReference } : {}),
    ...(input.auditId !== undefined ? { auditId: input.auditId } : {}),
    ...(input.answer !== undefined ? { answer: input.answer } : {}),
    ...(input.measure !== undefined ? { measure: input.measure } : {}),
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
  }),
  'corrections.history': (ctx, input) => listCorrections(ctx.db, input),
  'corrections.undo': (ctx, input) => undoCorrection(ctx.db, input.id),
  'corrections.undoSession': (ctx, input) => undoSession(ctx.db, input.sessionId ?? currentSessionId()),
  'corrections.session': () => ({ sessionId: currentSessionId() }),
  'corrections.cellStates': (ctx, input) => observationCellStates(ctx.db, input.keys),
  'corrections.userName': (ctx) => correctionUserName(ctx.db),
  'corrections.setUserName': (ctx, input) => setCorrectionUserName(ctx.db, input.userName),
};
