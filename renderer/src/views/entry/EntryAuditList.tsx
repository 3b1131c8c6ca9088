/** The audits of a structure entered in the workspace: drafts first, to resume one. */
import type { EntryAuditSummary } from '../../../../shared/entry-types.js';
import { CHANNELS, labelOf } from '../../../../shared/domain.js';
import { Card } from '../../components/layout/PageHeader.js';
import { useI18n } from '../../i18n/index.js';
import { routeHref } from '../../state/router.js';

export function EntryAuditList({ code, audits }: { code: string; audits: EntryAuditSummary[] }): React.JSX.Element {
  const { t, lang, fmt } = useI18n();
  return (
    <Card title={t('entry.openAudits')} testId="entry-audits">
      {audits.length === 0 ? <p className="card-hint">{t('entry.openAuditsEmpty')}</p> : (
        <table className="entry-audits">
          <thead>
            <tr>
              <th scope="col">{t('entry.colReference')}</th>
              <th scope="col">{t('entry.colChannel')}</th>
              <th scope="col">{t('entry.colDate')}</th>
              <th scope="col">{t('entry.colProgress')}</th>
              <th scope="col">{t('entry.colStatus')}</th>
              <th scope="col"><span className="visually-hidden">{t('entry.resume')}</span></th>
            </tr>
          </thead>
          <tbody>
            {audits.map((a) => (
              <tr key={a.auditId}>
                <td>{a.reference}</td>
                <td>{labelOf(CHANNELS, a.channel, lang)}</td>
                <td>{fmt.date(a.date)}</td>
                <td>{t('entry.progress', { answered: fmt.integer(a.progress.answered), total: fmt.integer(a.progress.total) })}</td>
                <td><span className={`badge ${a.status === 'draft' ? 'badge-warning' : 'badge-success'}`}>{a.status === 'draft' ? t('entry.statusDraft') : t('entry.statusCompleted')}</span></td>
                <td><a className="btn btn-sm" href={routeHref('entry', code, String(a.auditId))}>{a.status === 'draft' ? t('entry.resume') : t('entry.view')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
