/**
 * Accueil: the open workspace (name, path, demo badge, the workspace chooser), its editions with
 * counts, the data-completeness warnings of the selected edition, recent workspaces (open, remove),
 * the designed empty state of a workspace without data, and the backups with « Restaurer… » and
 * « Vérifier l'espace ».
 */
import { useState } from 'react';
import { CHANNELS, labelOf } from '../../../../shared/domain.js';
import type { CompletenessReport } from '../../../../shared/analytics-types.js';
import type { AppInfo } from '../../../../shared/api-types.js';
import { useAppInfo } from '../../api/queries/app.js';
import { useCompleteness } from '../../api/queries/analytics.js';
import { useOpenDemo, useRecentWorkspaces, useWorkspaceInfo } from '../../api/queries/workspace.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Banner, EmptyState, ErrorBanner, Skeleton, StatSkeleton } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';
import { RecentWorkspaceList } from '../../components/workspace/RecentWorkspaceList.js';
import { WorkspaceChooserButton } from '../../components/workspace/WorkspaceChooser.js';
import { useForgetRecent, useWorkspaceSwitch } from '../../components/workspace/use-workspace-chooser.js';
import { useI18n } from '../../i18n/index.js';
import { useEdition } from '../../state/edition.js';
import { BackupsCard } from './BackupsCard.js';

export default function HomeView(): React.JSX.Element {
  const { t, fmt } = useI18n();
  const app = useAppInfo();
  const workspace = useWorkspaceInfo();
  const { edition, setEdition } = useEdition();
  const hasData = (workspace.data?.editions ?? []).some((e) => e.audits > 0);
  const isDemo = Boolean(app.data?.isDemo || workspace.data?.isDemo);

  return (
    <Page testId="view-home">
      <PageHeader
        title={t('home.title')}
        subtitle={t('home.subtitle')}
        actions={hasData && (
          <>
            <a className="btn" href="#/import"><Icon name="upload" size={16} />{t('home.goImport')}</a>
            <a className="btn btn-primary" href="#/explorer"><Icon name="table" size={16} />{t('home.goExplorer')}</a>
          </>
        )}
      />

      {workspace.isError && <ErrorBanner error={workspace.error} onRetry={() => void workspace.refetch()} />}

      <WorkspaceCard info={app.data} isDemo={isDemo} />

      {workspace.isPending ? (
        <StatSkeleton count={4} />
      ) : workspace.data && !hasData ? (
        <>
          <div className="card" data-testid="home-empty">
            <EmptyState
              icon="database"
              title={t('home.emptyTitle')}
              text={t('home.emptyText')}
              actions={<EmptyActions />}
            />
          </div>
          {/* From an empty workspace, the way back to the others. */}
          <RecentCard currentPath={app.data?.workspacePath ?? null} />
        </>
      ) : workspace.data ? (
        <>
          <div className="stat-grid">
            <Stat label={t('home.editions')} value={fmt.integer(workspace.data.editions.length)} />
            <Stat label={t('home.structures')} value={fmt.integer(workspace.data.structures)} />
            <Stat label={t('home.items')} value={fmt.integer(workspace.data.items)} />
            <Stat label={t('home.imports')} value={fmt.integer(workspace.data.imports)} />
          </div>
          <div className="two-cols">
            <Card title={t('home.editions')} tight>
              <table className="table" data-testid="editions-table">
                <caption className="visually-hidden">{t('home.editions')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('home.edition')}</th>
                    <th scope="col" className="num">{t('home.structures')}</th>
                    <th scope="col" className="num">{t('home.audits')}</th>
                    <th scope="col" className="num">{t('home.observations')}</th>
                    <th scope="col" className="num">{t('home.expected')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...workspace.data.editions].sort((a, b) => b.year - a.year).map((e) => (
                    <tr key={e.year}>
                      <th scope="row">
                        <button type="button" className="cell-link" onClick={() => setEdition(e.year)} aria-pressed={edition === e.year}>
                          {e.year}
                        </button>
                        {edition === e.year && <span className="badge badge-info" style={{ marginLeft: 8 }}>{t('home.shown')}</span>}
                      </th>
                      <td className="num">{fmt.integer(e.structures)}</td>
                      <td className="num">{fmt.integer(e.audits)}</td>
                      <td className="num">{fmt.integer(e.observations)}</td>
                      <td className="num">{fmt.integer(e.expectedAudits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <RecentCard currentPath={app.data?.workspacePath ?? null} />
          </div>
          <CompletenessCard edition={edition} />
        </>
      ) : null}

      {/* Even an empty workspace may have copies to go back to (after a mistaken restore or import). */}
      {workspace.data && <BackupsCard mode={app.data?.mode} />}
    </Page>
  );
}

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }): React.JSX.Element {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {sub && <span className="stat-sub">{sub}</span>}
    </div>
  );
}

function WorkspaceCard({ info, isDemo }: { info: AppInfo | undefined; isDemo: boolean }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="workspace-card-title" data-testid="workspace-card">
      <div className="card-body row" style={{ alignItems: 'center' }}>
        <div className="empty-state-icon" style={{ width: 44, height: 44 }}><Icon name="database" size={22} /></div>
        <div className="grow stack" style={{ gap: 2, minWidth: 0 }}>
          <div className="row" style={{ gap: 8 }}>
            <h2 id="workspace-card-title">{info?.workspaceName ?? t('home.workspaceCard')}</h2>
            {isDemo && <span className="badge badge-demo" title={t('app.demoBadgeHint')}>{t('app.demoBadge')}</span>}
            {info && <span className="badge badge-neutral">{t(info.mode === 'desktop' ? 'app.mode.desktop' : 'app.mode.browser')}</span>}
          </div>
          <div className="subtle">
            <span>{t('home.path')} : </span>
            <code title={info?.workspacePath} style={{ wordBreak: 'break-all' }} data-testid="workspace-path">{info?.workspacePath ?? '…'}</code>
          </div>
        </div>
        <WorkspaceChooserButton className="btn" label={t('home.changeWorkspace')} testId="home-workspaces" />
      </div>
    </section>
  );
}

function EmptyActions(): React.JSX.Element {
  const { t } = useI18n();
  const openDemo = useOpenDemo();
  return (
    <>
      <a className="btn btn-primary" href="#/import"><Icon name="upload" size={16} />{t('home.goImport')}</a>
      <button type="button" className="btn" onClick={() => openDemo.mutate()} disabled={openDemo.isPending} data-testid="open-demo">
        <Icon name="sparkle" size={16} />{t('home.openDemo')}
      </button>
      {openDemo.isError && <ErrorBanner error={openDemo.error} />}
    </>
  );
}

function RecentCard({ currentPath }: { currentPath: string | null }): React.JSX.Element {
  const { t } = useI18n();
  const recent = useRecentWorkspaces();
  const switcher = useWorkspaceSwitch();
  const forget = useForgetRecent();
  const openDemo = useOpenDemo();
  const list = recent.data ?? [];
  return (
    <Card title={t('home.recent')} tight testId="recent-card">
      {recent.isPending ? <Skeleton lines={3} /> : recent.isError ? <ErrorBanner error={recent.error} /> : list.length === 0 ? (
        <div className="stack" style={{ padding: '8px 0' }}>
          <p className="muted" style={{ margin: 0 }}>{t('home.recentEmpty')}</p>
          <button type="button" className="btn" onClick={() => openDemo.mutate()} disabled={openDemo.isPending}><Icon name="sparkle" size={16} />{t('home.openDemo')}</button>
        </div>
      ) : (
        <RecentWorkspaceList
          list={list}
          limit={6}
          currentPath={currentPath}
          busy={switcher.isPending || forget.isPending}
          onOpen={(path) => switcher.mutate({ kind: 'open', path })}
          onForget={(path) => forget.mutate(path)}
        />
      )}
      {switcher.isError && <ErrorBanner error={switcher.error} />}
      {forget.isError && <ErrorBanner error={forget.error} />}
      {openDemo.isError && <ErrorBanner error={openDemo.error} />}
    </Card>
  );
}

function CompletenessCard({ edition }: { edition: number | null }): React.JSX.Element {
  const { t } = useI18n();
  const report = useCompleteness(edition, edition !== null);
  return (
    <Card title={edition === null ? t('home.completeness') : t('home.completenessFor', { edition })} testId="completeness-card">
      {report.isPending ? <Skeleton lines={3} /> : report.isError ? (
        <ErrorBanner error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <CompletenessList report={report.data as CompletenessReport} />
      )}
    </Card>
  );
}

function CompletenessList({ report }: { report: CompletenessReport }): React.JSX.Element {
  const { t, tn, lang, fmt } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const warnings: Array<{ id: string; text: string; details?: React.ReactNode }> = [];
  if (report.auditCount.length > 0) {
    warnings.push({
      id: 'audits',
      text: tn('home.auditCountIssues', report.auditCount.length, { expected: report.expectedAudits }),
      details: (
        <table className="table">
          <thead><tr><th scope="col">{t('field.structureCode')}</th><th scope="col">{t('field.structureName')}</th><th scope="col">{t('field.category')}</th><th scope="col" className="num">{t('home.audits')}</th><th scope="col" className="num">Δ</th></tr></thead>
          <tbody>
            {report.auditCount.slice(0, 50).map((row) => (
              <tr key={row.structure}>
                <td><a href={`#/structure/${encodeURIComponent(row.structure)}`}>{row.structure}</a></td>
                <td>{row.name}</td><td>{row.categoryLabel}</td>
                <td className="num">{fmt.integer(row.audits)}</td>
                <td className="num">{row.difference > 0 ? `+${row.difference}` : row.difference}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
    });
  }
  if (report.missingChannelsByStructure.length > 0) {
    warnings.push({
      id: 'channels',
      text: tn('home.missingChannels', report.missingChannelsByStructure.length),
      details: (
        <table className="table">
          <thead><tr><th scope="col">{t('field.structureCode')}</th><th scope="col">{t('field.structureName')}</th><th scope="col">{t('field.channel')}</th></tr></thead>
          <tbody>
            {report.missingChannelsByStructure.slice(0, 50).map((row) => (
              <tr key={row.structure}>
                <td>{row.structure}</td><td>{row.name}</td>
                <td>{row.channels.map((c) => labelOf(CHANNELS, c, lang)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
    });
  }
  if (report.channelsWithoutAudit.length > 0) {
    warnings.push({ id: 'nochannel', text: t('home.channelsWithoutAudit', { channels: report.channelsWithoutAudit.map((c) => labelOf(CHANNELS, c, lang)).join(', ') }) });
  }
  if (report.itemsNeverObserved.length > 0) {
    warnings.push({
      id: 'items',
      text: tn('home.itemsNeverObserved', report.itemsNeverObserved.length),
      details: (
        <table className="table">
          <thead><tr><th scope="col">{t('field.itemCode')}</th><th scope="col">{t('field.itemLabel')}</th><th scope="col">{t('field.channel')}</th></tr></thead>
          <tbody>{report.itemsNeverObserved.slice(0, 50).map((row) => <tr key={row.item}><td className="mono">{row.item}</td><td>{row.label}</td><td>{labelOf(CHANNELS, row.channel, lang)}</td></tr>)}</tbody>
        </table>
      ),
    });
  }
  const unknownObservations = report.observationsOfUnknownItems.reduce((sum, row) => sum + row.observations, 0);
  if (unknownObservations > 0) {
    warnings.push({
      id: 'unknown',
      text: tn('home.unknownItems', unknownObservations),
      details: (
        <table className="table">
          <thead><tr><th scope="col">{t('field.itemCode')}</th><th scope="col" className="num">{t('home.observations')}</th><th scope="col" className="num">{t('home.audits')}</th></tr></thead>
          <tbody>{report.observationsOfUnknownItems.map((row) => <tr key={row.item}><td className="mono">{row.item}</td><td className="num">{fmt.integer(row.observations)}</td><td className="num">{fmt.integer(row.audits)}</td></tr>)}</tbody>
        </table>
      ),
    });
  }
  if (warnings.length === 0) return <Banner tone="success">{t('home.completenessOk')}</Banner>;
  return (
    <div className="stack" data-testid="completeness-warnings">
      {warnings.map((warning) => (
        <div key={warning.id} className="stack" style={{ gap: 8 }}>
          <Banner
            tone="warning"
            actions={warning.details && (
              <button type="button" className="btn btn-sm" aria-expanded={open === warning.id} aria-controls={`completeness-${warning.id}`} onClick={() => setOpen(open === warning.id ? null : warning.id)}>
                {open === warning.id ? t('home.hideDetails') : t('home.showDetails')}
              </button>
            )}
          >
            {warning.text}
          </Banner>
          {open === warning.id && warning.details && (
            <div id={`completeness-${warning.id}`} className="card" style={{ maxHeight: 320, overflow: 'auto' }} tabIndex={0} role="region" aria-label={warning.text}>{warning.details}</div>
          )}
        </div>
      ))}
    </div>
  );
}
