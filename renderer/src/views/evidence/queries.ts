/** The evidence behind one score (`explorer.evidence`), refetched after an import like the analysis views. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { EvidenceResult, EvidenceScopeKind } from '../../../../shared/evidence-types.js';
import type { Lang, Level } from '../../../../shared/domain.js';
import type { ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';

/** What a surface asks to see the evidence of: one score of one structure or group. */
export interface EvidenceTarget {
  edition: number;
  level: Level;
  key: string;
  scope: { kind: EvidenceScopeKind; code: string };
}

export function useEvidence(target: EvidenceTarget, clientMode: boolean, lang: Lang): UseQueryResult<EvidenceResult, ApiError> {
  return useApiQuery(
    // Refreshed after an import like every query but app.* ("invalidate everything but app").
    'explorer.evidence',
    { ...target, clientMode, lang },
  );
}
