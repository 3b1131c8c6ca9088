/**
 * The evidence behind one score, opened from a Scores grid cell, a Fiche structure chart point or
 * a score of a panel in Comparaisons (whose population — label holders, « the rest », all… — is
 * said first): a modal side panel with the sums that make the score, then either every
 * observation it counts (structure: audit, criterion, weight, answer, comment, file / sheet / row /
 * import date) or the structures behind a group score when the disclosure rule allows (else why
 * not, and counts only). Comments are masked in "mode client" (shared/personal-data.ts, by the
 * server and again on display). Focus moves in, Tab stays inside, Escape closes and focus returns
 * to the cell or control that opened it. « Ouvrir dans l'Explorateur » shows the same rows there.
 */
import { useId, useRef } from 'react';
import type { EvidenceObservation, EvidencePopulation, EvidenceResult, EvidenceSource } from '../../../../shared/evidence-types.js';
import { CATEGORIES, CHANNELS, labelOf, type Lang } from '../../../../shared/domain.js';
import { Icon } from '../../components/ui/Icon.js';
import { useModalFocus } from '../../components/ui/use-modal-focus.js';
import { useClientMode } from '../../state/client-mode.js';
import { commentForDisplay } from '../../state/client-mode-model.js';
import { formatCount, formatDate, formatScore } from '../analysis-common/format.js';
import { ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { explorerHref } from '../explorer/explorer-url.js';
import { useEvidence, type EvidenceTarget } from './queries.js';
import '../analysis-common/analysis.css';
import './evidence.css';
import { useI18n, type I18n } from '../../i18n/index.js';

type Texts = I18n;

const weightFormat = new Map<Lang, Intl.NumberFormat>();
function formatWeight(value: number, lang: Lang): string {
  let format = weightFormat.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
    weightFormat.set(lang, format);
  }
  return format.format(value);
}

/** « resultats.xlsx · feuille Audits · ligne 14 · importé le 27/11/2026 ». */
export function sourceText(source: EvidenceSource | null, texts: Texts): string {
  const { t, lang } = texts;
  if (!source) return t('evidence.sourceNone');
  const parts = [source.fileName];
  if (source.sheet) parts.push(t('evidence.sourceSheet', { sheet: source.sheet }));
  parts.push(source.row === null ? t('evidence.sourceNoRow') : t('evidence.sourceRow', { row: source.row }));
  parts.push(t('evidence.sourceImported', { date: formatDate(source.importedAt, lang) }));
  return parts.join(' · ');
}

function answerText(o: EvidenceObservation, texts: Texts): string {
  const { t, lang } = texts;
  const verdict = o.compliant === 1 ? t('evidence.compliant') : o.compliant === 0 ? t('evidence.nonCompliant') : t('evidence.notApplicable');
  const written = o.raw ?? (o.measure !== null ? formatScore(o.measure, lang) : null);
  return written && written !== verdict ? `${verdict} (${written})` : verdict;
}

/** « Population : les structures publiques qui détiennent le label Qualivilles — 42 structures, 546 audits. » */
export function populationText(population: EvidencePopulation, texts: Texts): string {
  const { t, lang } = texts;
  const { panel } = population;
  const definition = panel.kind === 'all' ? t('evidence.population_all')
    : panel.kind === 'sector' ? t(panel.sector === 'public' ? 'evidence.population_sectorPublic' : 'evidence.population_sectorPrive')
      : panel.kind === 'label' ? t(panel.held ? 'evidence.population_labelHeld' : 'evidence.population_labelNotHeld', { label: panel.label })
        : t(panel.kind === 'category' ? 'evidence.population_category' : 'evidence.population_notCategory', { category: labelOf(CATEGORIES, panel.category, lang) });
  return t('evidence.population', { definition, structures: formatCount(population.structures, lang), audits: formatCount(population.audits, lang) });
}

function Totals({ data, texts }: { data: EvidenceResult; texts: Texts }): React.JSX.Element {
  const { totals } = data;
  const { t, lang } = texts;
  const group = data.scope.kind !== 'structure';
  const score = totals.score === null || totals.compliantWeight === null || totals.applicableWeight === null
    ? (group && totals.applicableWeight === null ? t('evidence.scoreWithheld') : t('evidence.scoreNone'))
    : t('evidence.scoreLine', { score: formatScore(totals.score, lang), compliant: formatWeight(totals.compliantWeight, lang), applicable: formatWeight(totals.applicableWeight, lang) });
  const counts = totals.observations === null || totals.audits === null
    ? t('evidence.countsWithheld')
    : group
      ? t('evidence.groupCountsLine', { structures: formatCount(totals.structures ?? 0, lang), audits: formatCount(totals.audits, lang), observations: formatCount(totals.observations, lang) })
      : t('evidence.countsLine', { audits: formatCount(totals.audits, lang), observations: formatCount(totals.observations, lang), applicableCount: formatCount(totals.applicable ?? 0, lang), compliantCount: formatCount(totals.compliant ?? 0, lang) });
  return (
    <div className="bx-evidence__totals" data-testid="evidence-totals">
      <p className="bx-evidence__score">{score}</p>
      <p className="bx-muted">{counts}</p>
    </div>
  );
}

/** The observations of one audit, in the order sent (the server sorts by audit). */
interface AuditGroup {
  first: EvidenceObservation;
  rows: EvidenceObservation[];
  /** Every row from the same import and file row (wide layout): the source is said once, on the audit. */
  sharedSource: boolean;
}

function groupByAudit(rows: readonly EvidenceObservation[]): AuditGroup[] {
  const groups: AuditGroup[] = [];
  for (const o of rows) {
    const last = groups[groups.length - 1];
    if (last && last.first.auditId === o.auditId) last.rows.push(o);
    else groups.push({ first: o, rows: [o], sharedSource: true });
  }
  for (const g of groups) {
    const key = (o: EvidenceObservation): string => `${o.source?.importId ?? ''}|${o.source?.row ?? ''}`;
    g.sharedSource = g.rows.every((o) => key(o) === key(g.first));
  }
  return groups;
}

/** « ligne 14 » alone (the file is said on the audit's line), or the whole source when it differs. */
function rowText(o: EvidenceObservation, group: AuditGroup, texts: Texts): string {
  const { t } = texts;
  if (o.source && group.first.source && o.source.importId === group.first.source.importId) {
    return o.source.row === null ? t('evidence.sourceNoRow') : t('evidence.sourceRow', { row: o.source.row });
  }
  return sourceText(o.source, texts);
}

function ObservationsTable({ rows, texts, clientMode }: { rows: readonly EvidenceObservation[]; texts: Texts; clientMode: boolean }): React.JSX.Element {
  const { t, lang } = texts;
  const captionId = useId();
  if (rows.length === 0) return <p className="bx-muted">{t('evidence.none')}</p>;
  const groups = groupByAudit(rows);
  const anyRowColumn = groups.some((g) => !g.sharedSource);
  const columns = anyRowColumn ? 5 : 4;
  return (
    <div className="bx-table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table className="table bx-table bx-evidence__table" data-testid="evidence-observations">
        <caption id={captionId} className="visually-hidden">{t('evidence.observationsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evidence.colItem')}</th>
            <th scope="col" className="num">{t('evidence.colWeight')}</th>
            <th scope="col">{t('evidence.colAnswer')}</th>
            <th scope="col">{t('evidence.colComment')}</th>
            {anyRowColumn ? <th scope="col">{t('evidence.colSource')}</th> : null}
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.first.auditId} data-testid="evidence-audit">
            <tr className="bx-evidence__audit">
              <th scope="rowgroup" colSpan={columns}>
                <span className="bx-code">{g.first.reference}</span>
                {' · '}{formatDate(g.first.auditDate, lang)} · {labelOf(CHANNELS, g.first.channel, lang)}
                <span className="bx-evidence__source">
                  {g.sharedSource ? sourceText(g.first.source, texts) : g.first.source ? `${g.first.source.fileName} · ${t('evidence.sourceImported', { date: formatDate(g.first.source.importedAt, lang) })}` : t('evidence.sourceNone')}
                </span>
              </th>
            </tr>
            {g.rows.map((o) => (
              <tr key={o.itemCode} data-testid="evidence-observation">
                <td><span className="bx-code">{o.itemCode}</span> {o.itemLabel}</td>
                <td className="num">{formatWeight(o.weight, lang)}</td>
                <td className={o.compliant === 0 ? 'bx-answer-ko' : undefined}>{answerText(o, texts)}</td>
                <td>{commentForDisplay(o.comment, clientMode) ?? <span className="subtle">—</span>}</td>
                {anyRowColumn ? <td className="bx-evidence__source">{g.sharedSource ? '' : rowText(o, g, texts)}</td> : null}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function StructuresTable({ data, texts }: { data: EvidenceResult; texts: Texts }): React.JSX.Element {
  const { t, lang } = texts;
  if (data.structures === null) {
    const reason = data.withheld?.reason === 'client-mode'
      ? t('evidence.withheldClient')
      : data.withheld?.reason === 'rest-too-small' ? t('evidence.withheldRest') : t('evidence.withheldSmall', { others: formatCount(data.withheld?.others ?? 0, lang), required: formatCount(data.withheld?.required ?? 0, lang) });
    return <p className="bx-note" role="note" data-testid="evidence-withheld">{reason}</p>;
  }
  return (
    <div className="bx-table-wrap" tabIndex={0} role="region" aria-label={t('evidence.structuresCaption')}>
      <table className="table bx-table" data-testid="evidence-structures">
        <caption className="visually-hidden">{t('evidence.structuresCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evidence.colStructure')}</th>
            <th scope="col" className="num">{t('evidence.colAudits')}</th>
            <th scope="col" className="num">{t('evidence.colObservations')}</th>
            <th scope="col" className="num">{t('evidence.colScore')}</th>
          </tr>
        </thead>
        <tbody>
          {data.structures.map((s) => (
            <tr key={s.structure}>
              <td>{s.name} <span className="bx-code">{s.structure}</span></td>
              <td className="num">{formatCount(s.audits, lang)}</td>
              <td className="num">{formatCount(s.observations, lang)}</td>
              <td className="num">{formatScore(s.score, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvidencePanel({ target, onClose }: { target: EvidenceTarget; onClose: () => void }): React.JSX.Element {
  const texts = useI18n();
  const { t, lang } = texts;
  const { clientMode } = useClientMode();
  const evidence = useEvidence(target, clientMode, lang);
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useModalFocus(true, panelRef, closeRef, onClose);
  const data = evidence.data;

  return (
    <>
      <div className="bx-panel-backdrop" onMouseDown={onClose} aria-hidden="true" />
      <div className="bx-panel bx-evidence" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panelRef} data-testid="evidence-panel">
        <div className="bx-panel__head">
          <div className="grow">
            <h2 id={titleId}>{data ? t('evidence.title', { key: data.keyLabel }) : t('evidence.loading')}</h2>
            {data ? <p className="bx-muted">{t('evidence.subtitle', { scope: data.scope.label, edition: data.edition })}</p> : null}
          </div>
          <button type="button" className="btn btn-ghost btn-icon" ref={closeRef} onClick={onClose} aria-label={t('evidence.close')} title={t('evidence.close')} data-testid="evidence-close">
            <Icon name="close" />
          </button>
        </div>
        <div className="bx-panel__body">
          {evidence.isPending ? (
            <LoadingState lines={6} />
          ) : evidence.isError ? (
            <ErrorState error={evidence.error} onRetry={() => void evidence.refetch()} />
          ) : data ? (
            <>
              {data.population ? <p className="bx-evidence__population" data-testid="evidence-population">{populationText(data.population, texts)}</p> : null}
              <Totals data={data} texts={texts} />
              {/* A group whose structures the rule keeps unnamed is not opened row by row either; nor a population the Explorer's filters cannot select. */}
              {data.withheld || !data.explorerFilters ? null : <p>
                <a className="btn" href={explorerHref({ table: 'observations', filters: data.explorerFilters })} onClick={onClose} data-testid="evidence-open-explorer">
                  {t('evidence.openExplorer')}
                </a>
              </p>}
              {data.scope.kind === 'structure'
                ? <ObservationsTable rows={data.observations} texts={texts} clientMode={clientMode} />
                : <StructuresTable data={data} texts={texts} />}
              {data.truncated && data.totals.observations !== null
                ? <p className="bx-muted">{t('evidence.truncated', { shown: formatCount(data.observations.length, lang), total: formatCount(data.totals.observations, lang) })}</p>
                : null}
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
