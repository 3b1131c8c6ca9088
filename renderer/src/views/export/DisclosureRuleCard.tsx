/**
 * The workspace's confidentiality rule (main/analytics/disclosure.ts), shown and settable where
 * deliverables are made: from how many other structures an anonymous benchmark shows its mean,
 * and its distribution, rank and percentile. Saving refreshes every figure on screen, since every
 * view reads figures that went through the rule.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';
import { Card } from '../../components/layout/PageHeader.js';
import { TextField } from '../../components/ui/Select.js';
import { ErrorBanner } from '../../components/states/index.js';
import { useI18n } from '../../i18n/index.js';


const whole = (text: string): number | null => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : null);

export function DisclosureRuleCard(): React.JSX.Element {
  const { t } = useI18n();
  const client = useQueryClient();
  const rule = useApiQuery('analytics.disclosureRule', {});
  const [mean, setMean] = useState('');
  const [distribution, setDistribution] = useState('');
  useEffect(() => {
    if (!rule.data) return;
    setMean(String(rule.data.meanMinOthers));
    setDistribution(String(rule.data.distributionMinOthers));
  }, [rule.data]);
  const save = useMutation({
    mutationFn: (input: { meanMinOthers: number; distributionMinOthers: number }) => invoke('analytics.setDisclosureRule', input),
    onSuccess: () => void client.invalidateQueries(),
  });
  const meanValue = whole(mean);
  const distributionValue = whole(distribution);
  const changed = rule.data !== undefined && (meanValue !== rule.data.meanMinOthers || distributionValue !== rule.data.distributionMinOthers);
  return (
    <Card title={t('export.disclosureTitle')} testId="export-disclosure">
      <div className="stack">
        <p className="muted">{t('export.disclosureText')}</p>
        <div className="bx-form-grid">
          <TextField label={t('export.disclosureMean')} type="number" value={mean} onChange={setMean} testId="disclosure-mean" />
          <TextField label={t('export.disclosureDistribution')} type="number" value={distribution} onChange={setDistribution} testId="disclosure-distribution" />
        </div>
        {meanValue === null || distributionValue === null ? <p className="subtle" role="alert">{t('export.disclosureInvalid')}</p> : null}
        {meanValue === 0 ? <p className="subtle">{t('export.disclosureOff')}</p> : null}
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={!changed || meanValue === null || distributionValue === null || save.isPending}
            onClick={() => save.mutate({ meanMinOthers: meanValue!, distributionMinOthers: distributionValue! })}
            data-testid="disclosure-save"
          >
            {t('export.disclosureSave')}
          </button>
          {save.data ? <span className="subtle" aria-live="polite">{t('export.disclosureSaved', { mean: save.data.meanMinOthers, distribution: save.data.distributionMinOthers })}</span> : null}
        </div>
        {save.isError ? <ErrorBanner error={save.error} /> : null}
      </div>
    </Card>
  );
}
