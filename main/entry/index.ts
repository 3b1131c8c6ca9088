/** Audit entry: an audit typed in the workspace, item by item, saved field by field. */
export { prepareEntry, createEntryAudit, nextReference, entryAudits, readForEdition } from './entry-audit.js';
export type { CreateAuditInput } from './entry-audit.js';
export { entrySheet } from './entry-sheet.js';
export { setEntryField, completeEntryAudit, MAX_COMMENT_LENGTH } from './entry-fields.js';
export type { SetFieldInput } from './entry-fields.js';
export { ENTRY_FORMAT } from './session.js';
