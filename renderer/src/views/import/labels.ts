/** Labels of import vocabulary (file kinds, layouts, fields, statuses) in the interface language. */
import { FIELDS, type Field, type FileKind, type Layout } from '../../../../shared/columns.js';
import type { ImportStatus, ProblemCode } from '../../../../shared/import-types.js';
import type { I18n, MessageKey } from '../../i18n/index.js';

export const KINDS: readonly FileKind[] = ['results', 'structures', 'referential'];
export const LAYOUTS: readonly Layout[] = ['long', 'wide', 'table'];

export const kindLabel = (t: I18n['t'], kind: FileKind | null): string => (kind ? t(`import.kind.${kind}` as MessageKey) : '—');
export const layoutLabel = (t: I18n['t'], layout: Layout | null): string => (layout ? t(`import.layout.${layout}` as MessageKey) : '—');
export const fieldLabel = (t: I18n['t'], field: Field): string => t(`field.${field}` as MessageKey);
export const statusLabel = (t: I18n['t'], status: ImportStatus): string => t(`import.status.${status}` as MessageKey);
/** A problem's code as words (`CHANNEL_MISMATCH` → « Critère d’un autre canal »). */
export const problemCodeLabel = (t: I18n['t'], code: ProblemCode): string => t(`import.problemCode.${code}` as MessageKey);

export function fieldOptions(t: I18n['t']): Array<{ value: Field; label: string }> {
  return FIELDS.map((field) => ({ value: field, label: fieldLabel(t, field) }));
}
