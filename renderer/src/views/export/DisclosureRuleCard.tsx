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
import { useMessages } from '../analysis-common/use-messages.js';
import { messages } from './messages.js';

const RULE_KEY = ['analytics.disclosureRule'] as const;

const whole = (text: string): number | null => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : null);

export function DisclosureRuleCard(): React.JSX.Element {
  const { m, t } = useMessages(messages);
  const client = useQueryClient();
  const rule = useApiQuery(RULE_KEY, 'analytics.disclosureRule', {});
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
    <Card title={m.disclosureTitle} testId="export-disclosure">
      <div className="stack">
        <p className="muted">{m.disclosureText}</p>
        <div className="bx-form-grid">
          <TextField label={m.disclosureMean} type="number" value={mean} onChange={setMean} testId="disclosure-mean" />
          <TextField label={m.disclosureDistribution} type="number" value={distribution} onChange={setDistribution} testId="disclosure-distribution" />
        </div>
        {meanValue === null || distributionValue === null ? <p className="subtle" role="alert">{m.disclosureInvalid}</p> : null}
        {meanValue === 0 ? <p className="subtle">{m.disclosureOff}</p> : null}
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={!changed || meanValue === null || distributionValue === null || save.isPending}
            onClick={() => save.mutate({ meanMinOthers: meanValue!, distributionMinOthers: distributionValue! })}
            data-testid="disclosure-save"
          >
            {m.disclosureSave}
          </button>
          {save.data ? <span className="subtle" aria-live="polite">{t('disclosureSaved', { mean: save.data.meanMinOthers, distribution: save.data.distributionMinOthers })}</span> : null}
        </div>
        {save.isError ? <ErrorBanner error={save.error} /> : null}
      </div>
    </Card>
  );
}
