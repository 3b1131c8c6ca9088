/**
 * « Nouvel audit »: channel (those with items in force for the edition of the typed date), date,
 * optional time, reference (empty: the suggested `DIAG-<code>-<n>`), auditor and scenario.
 * Checked on the main side with the importer's rules; its message is shown as it comes.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { EntryPreparation } from '../../../../shared/entry-types.js';
import { CHANNELS, labelOf } from '../../../../shared/domain.js';
import { Card } from '../../components/layout/PageHeader.js';
import { Banner, ErrorBanner } from '../../components/states/index.js';
import { navigate, routePath } from '../../state/router.js';
import { editionOfDateText, todayText } from './entry-keys.js';
import { rememberedSession, useCreateAudit, usePrepareEntry } from './queries.js';
import { useI18n } from '../../i18n/index.js';

export function NewAuditForm({ preparation }: { preparation: EntryPreparation }): React.JSX.Element {
  const { t, lang } = useI18n();
  const id = useId();
  const [date, setDate] = useState(todayText);
  const [time, setTime] = useState('');
  const [reference, setReference] = useState('');
  const [auditor, setAuditor] = useState('');
  const [scenario, setScenario] = useState('');
  const edition = editionOfDateText(date) ?? preparation.edition;
  // The channels and the suggested reference of the edition the date points to.
  const forEdition = usePrepareEntry(preparation.structure.code, edition);
  const current = forEdition.data ?? preparation;
  const [channel, setChannel] = useState<string>(current.channels[0]?.code ?? '');
  const create = useCreateAudit();
  const channelRef = useRef<HTMLSelectElement>(null);

  useEffect(() => channelRef.current?.focus(), []);
  useEffect(() => {
    if (!current.channels.some((c) => c.code === channel)) setChannel(current.channels[0]?.code ?? '');
  }, [current.channels, channel]);

  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    const sessionId = rememberedSession();
    create.mutate({
      structure: preparation.structure.code,
      channel,
      date,
      ...(time.trim() ? { time } : {}),
      ...(reference.trim() ? { reference } : {}),
      ...(auditor.trim() ? { auditor } : {}),
      ...(scenario.trim() ? { scenario } : {}),
      ...(sessionId ? { sessionId } : {}),
    }, { onSuccess: (created) => navigate(routePath('entry', preparation.structure.code, String(created.auditId))) });
  };

  return (
    <Card title={t('entry.formTitle')} testId="entry-new-audit">
      <form className="entry-form" onSubmit={submit} noValidate>
        {current.channels.length === 0 ? <Banner tone="warning">{t('entry.noChannel', { edition })}</Banner> : null}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-channel`}>{t('entry.channel')}</label>
          <select id={`${id}-channel`} ref={channelRef} className="select" value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="entry-channel">
            {current.channels.map((c) => (
              <option key={c.code} value={c.code}>{t('entry.channelOption', { channel: labelOf(CHANNELS, c.code, lang), n: c.items })}</option>
            ))}
          </select>
        </div>
        <div className="entry-form-row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-date`}>{t('entry.date')}</label>
            <input id={`${id}-date`} className="input" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={`${id}-date-hint`} data-testid="entry-date" />
            <span className="field-hint" id={`${id}-date-hint`}>{t('entry.dateHint')}</span>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-time`}>{t('entry.time')}</label>
            <input id={`${id}-time`} className="input" value={time} onChange={(e) => setTime(e.target.value)} aria-describedby={`${id}-time-hint`} inputMode="numeric" />
            <span className="field-hint" id={`${id}-time-hint`}>{t('entry.timeHint')}</span>
          </div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-reference`}>{t('entry.reference')}</label>
          <input id={`${id}-reference`} className="input" value={reference} placeholder={current.suggestedReference} onChange={(e) => setReference(e.target.value)} aria-describedby={`${id}-reference-hint`} data-testid="entry-reference" />
          <span className="field-hint" id={`${id}-reference-hint`}>{t('entry.referenceHint', { suggested: current.suggestedReference })}</span>
        </div>
        <div className="entry-form-row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-auditor`}>{t('entry.auditor')}</label>
            <input id={`${id}-auditor`} className="input" value={auditor} onChange={(e) => setAuditor(e.target.value)} aria-describedby={`${id}-auditor-hint`} />
            <span className="field-hint" id={`${id}-auditor-hint`}>{t('entry.auditorHint')}</span>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-scenario`}>{t('entry.scenario')}</label>
            <input id={`${id}-scenario`} className="input" value={scenario} onChange={(e) => setScenario(e.target.value)} aria-describedby={`${id}-scenario-hint`} />
            <span className="field-hint" id={`${id}-scenario-hint`}>{t('entry.scenarioHint')}</span>
          </div>
        </div>
        {create.isError ? <ErrorBanner error={create.error} /> : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending || channel === ''} data-testid="entry-start">
            {create.isPending ? t('entry.starting') : t('entry.start')}
          </button>
        </div>
      </form>
    </Card>
  );
}
