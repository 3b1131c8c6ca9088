/** `labels.*` and `referential.*`: labels held by structures, required rates, the Référentiel view and its source-label edit. */
import { heldLabels, labelsInForce, setRequiredRate } from '../../analytics/label-definitions.js';
import { resolveEdition } from '../../analytics/index.js';
import { referentialView } from '../../analytics/referential-view.js';
import { setHeldLabels } from '../../import/labels-held.js';
import { editSourceLabel, sourceLabelHistory } from '../../import/source-label-edit.js';
import { correctionUserName } from '../../corrections/user-name.js';
import { AppError } from '../../../shared/errors.js';
import type { DomainMethods, HandlerMap } from '../context.js';

export const labelsHandlers: HandlerMap<DomainMethods<'labels'>> = {
  'labels.list': (ctx, input) => labelsInForce(ctx.db, resolveEdition(ctx.db, input.edition)),
  'labels.held': (ctx, input) => heldLabels(ctx.db, input.code),
  'labels.setHeld': (ctx, input) => {
    const known = ctx.db.prepare('SELECT 1 FROM structure WHERE code = ?').pluck().get(input.code);
    if (known === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure: input.code }, { code: input.code }, ctx.lang);
    // Signed like a correction: the workspace's user name, else the OS account.
    return setHeldLabels(ctx.db, input.code, input.labels, correctionUserName(ctx.db).userName).map(({ label, source }) => ({ label, source }));
  },
  'labels.setRequiredRate': (ctx, input) => setRequiredRate(ctx.db, input.label, input.requiredRate),
};

export const referentialHandlers: HandlerMap<DomainMethods<'referential'>> = {
  'referential.view': (ctx, input) => referentialView(ctx.db, { ...(input.edition !== undefined ? { edition: input.edition } : {}), lang: input.lang ?? ctx.lang }),
  'referential.setSourceLabel': (ctx, input) => editSourceLabel(ctx.db, { ...input, user: correctionUserName(ctx.db).userName }),
  'referential.history': (ctx, input) => sourceLabelHistory(ctx.db, input.code),
};
