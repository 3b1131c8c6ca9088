/** The audits of a structure entered in the workspace: drafts first, to resume one. */
import type { EntryAuditSummary } from '../../../../shared/entry-types.js';
import { CHANNELS, labelOf } from '../../../../shared/domain.js';
import { Card } from '../../components/layout/PageHeader.js';
import { useI18n } from '../../i18n/index.js';
import { routeHref } from '../../state/router.js';
import { useMessages } from '../analysis-common/use-messages.js';
import { messages } from './messages.js';

export function EntryAuditList({ code, audits }: { code: string; audits: EntryAuditSummary[] }): React.JSX.Element {
  const { m, t, lang } = useMessages(messages);
  const { fmt } = useI18n();
  return (
    <Card title={m.openAudits} testId="entry-audits">
      {audits.length === 0 ? <p className="card-hint">{m.openAuditsEmpty}</p> : (
        <table className="entry-audits">
          <thead>
            <tr>
              <th scope="col">{m.colReference}</th>
              <th scope="col">{m.colChannel}</th>
              <th scope="col">{m.colDate}</th>
              <th scope="col">{m.colProgress}</th>
              <th scope="col">{m.colStatus}</th>
              <th scope="col"><span className="visually-hidden">{m.resume}</span></th>
            </tr>
          </thead>
          <tbody>
            {audits.map((a) => (
              <tr key={a.auditId}>
                <td>{a.reference}</td>
                <td>{labelOf(CHANNELS, a.channel, lang)}</td>
                <td>{fmt.date(a.date)}</td>
                <td>{t('progress', { answered: fmt.integer(a.progress.answered), total: fmt.integer(a.progress.total) })}</td>
                <td><span className={`badge ${a.status === 'draft' ? 'badge-warning' : 'badge-success'}`}>{a.status === 'draft' ? m.statusDraft : m.statusCompleted}</span></td>
                <td><a className="btn btn-sm" href={routeHref('entry', code, String(a.auditId))}>{a.status === 'draft' ? m.resume : m.view}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
