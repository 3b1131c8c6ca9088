/**
 * The Fiche structure of a structure with no audit in the edition shown (just created, or audited
 * in other editions only): who it is, why there is nothing to compare yet, the editions where it
 * has audits (each opens its Fiche there), and the way to enter its first audit (« Saisie »).
 */
import type { StructureStatus } from '../../../../shared/structure-status-types.js';
import { CATEGORIES, SECTORS, labelOf } from '../../../../shared/domain.js';
import { Card } from '../../components/layout/PageHeader.js';
import { useI18n } from '../../i18n/index.js';
import { routePath } from '../../state/router.js';
import './no-audit.css';

export function NoAuditPanel({ status, onOpenEdition }: { status: StructureStatus; onOpenEdition: (edition: number) => void }): React.JSX.Element {
  const { t, fmt, lang } = useI18n();
  const { structure, edition, editionsWithAudits } = status;
  const never = editionsWithAudits.length === 0;
  const identity: Array<[string, string]> = [
    [t('structure.idCode'), structure.code],
    [t('structure.idCategory'), labelOf(CATEGORIES, structure.category, lang)],
    [t('structure.idSector'), labelOf(SECTORS, structure.sector, lang)],
    ...(structure.departement ? [[t('structure.idDepartement'), structure.departement] as [string, string]] : []),
    ...(structure.region ? [[t('structure.idRegion'), structure.region] as [string, string]] : []),
    ...(structure.population !== null ? [[t('structure.idPopulation'), fmt.integer(structure.population)] as [string, string]] : []),
  ];
  return (
    <div className="bx-two-cols" data-testid="structure-no-audit">
      <Card title={t('structure.identity')} testId="structure-identity">
        <dl className="bx-identity">
          {identity.map(([label, value]) => (
            <div key={label} className="bx-identity__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t('structure.noAuditTitle', { edition })} testId="structure-no-audit-message">
        <div className="stack">
          <p>{t('structure.noAuditText')}</p>
          {never ? (
            <p className="bx-muted" data-testid="structure-never-audited">{t('structure.noAuditNever')}</p>
          ) : (
            <div className="stack" style={{ gap: 6 }}>
              <p className="bx-muted">{t('structure.noAuditEditions')}</p>
              <div className="bx-identity__editions" data-testid="structure-audited-editions">
                {editionsWithAudits.map((year) => (
                  <a
                    key={year}
                    className="btn btn-sm"
                    href={`#${routePath('structure', structure.code)}`}
                    onClick={() => onOpenEdition(year)}
                    data-testid={`structure-edition-${year}`}
                  >
                    {t('structure.noAuditEditionLink', { edition: year })}
                  </a>
                ))}
              </div>
            </div>
          )}
          <div className="bx-identity__actions">
            <a className="btn btn-primary" href={`#${routePath('entry', structure.code)}`} data-testid="structure-first-audit">
              {never ? t('structure.firstAudit') : t('structure.enterAudit')}
            </a>
            <a className="btn" href="#/import">{t('structure.importResults')}</a>
          </div>
        </div>
      </Card>
    </div>
  );
}
