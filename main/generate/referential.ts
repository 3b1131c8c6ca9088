/**
 * The demo referential as data: the item specs of `referential-data.ts` numbered per channel
 * (TEL-01…, MEL-01…, COU-01…, WEB-01…, RS-01…, VIS-01…), with weights 1–3 and a source label.
 * The base set (400 items) applies to every edition; the 2023 revision replaces it from 2023 on
 * (two items added, two withdrawn: still 400 items).
 */
import { CHANNELS, type AnswerTypeCode, type ChannelCode, type StepCode } from '../../shared/domain.js';
import { Rng } from './prng.js';
import {
  CHANNEL_PREFIX, DETERMINANTS, REVISION_2023, STEP_OF, channelSpecs,
  type DeterminantCode, type ItemSpec, type MeasureUnit,
} from './referential-data.js';

export const SOURCE_LABELS = ['Qualivilles', 'Services Publics+', 'Baromètre'] as const;
export type SourceLabel = (typeof SOURCE_LABELS)[number];

/**
 * The referential does not change with the data seed: two demo sets made with different seeds
 * share the same items, so they can live in one workspace.
 */
export const REFERENTIAL_SEED = 400;

export interface DemoItem {
  readonly code: string;
  readonly labelFr: string;
  readonly labelEn: string;
  readonly channel: ChannelCode;
  readonly step: StepCode;
  readonly determinant: DeterminantCode;
  readonly answerType: AnswerTypeCode;
  /** Threshold of a raw-measure item (seuil-max / seuil-min), else null. */
  readonly threshold: number | null;
  readonly unit: MeasureUnit | null;
  readonly weight: number;
  readonly source: SourceLabel;
  /** Probability that the item does not apply in an audit of its channel. */
  readonly naRate: number;
}

export interface DemoReferential {
  /** First edition the set applies to; null = every edition (the file has no edition column). */
  readonly validFrom: number | null;
  readonly items: readonly DemoItem[];
}

export interface DemoReferentialSet {
  readonly base: DemoReferential;
  /** Later versions, each replacing the previous one as a whole from its edition on. */
  readonly revisions: readonly DemoReferential[];
}

/** Determinant label in French (as written in the referential file). */
export function determinantLabel(code: DeterminantCode, lang: 'fr' | 'en' = 'fr'): string {
  const found = DETERMINANTS.find((d) => d.code === code);
  return found ? found[lang] : code;
}

function makeItem(spec: ItemSpec, channel: ChannelCode, number: number, rng: Rng): DemoItem {
  const [labelFr, labelEn, step, determinant, options] = spec;
  const code = `${CHANNEL_PREFIX[channel]}-${String(number).padStart(2, '0')}`;
  const answerType: AnswerTypeCode = options?.type ?? 'oui-non';
  // Draw both values for every item so adding a headline override never shifts the stream.
  const drawnWeight = answerType === 'oui-non' ? rng.weighted([[1, 0.55], [2, 0.33], [3, 0.12]] as const) : rng.weighted([[2, 0.5], [3, 0.5]] as const);
  const drawnSource = rng.weighted([['Qualivilles', 0.4], ['Services Publics+', 0.35], ['Baromètre', 0.25]] as const);
  const headline = code === 'MEL-01' || code === 'MEL-02';
  return {
    code,
    labelFr,
    labelEn,
    channel,
    step: STEP_OF[step],
    determinant,
    answerType,
    threshold: options?.threshold ?? null,
    unit: options?.unit ?? null,
    weight: code === 'MEL-01' ? 3 : code === 'MEL-02' ? 2 : drawnWeight,
    source: headline ? 'Baromètre' : drawnSource,
    naRate: options?.na ?? 0,
  };
}

export function buildReferential(seed: number = REFERENTIAL_SEED): DemoReferentialSet {
  const rng = Rng.derive(seed, 'referential');
  const items: DemoItem[] = [];
  const lastNumber = new Map<ChannelCode, number>();
  for (const channel of CHANNELS) {
    const specs = channelSpecs(channel.code);
    specs.forEach((spec, i) => items.push(makeItem(spec, channel.code, i + 1, rng)));
    lastNumber.set(channel.code, specs.length);
  }
  const withdrawn = new Set<string>(REVISION_2023.withdrawn);
  const revised: DemoItem[] = items.filter((item) => !withdrawn.has(item.labelFr));
  for (const { channel, spec } of REVISION_2023.added) {
    const number = (lastNumber.get(channel) ?? 0) + 1;
    lastNumber.set(channel, number);
    const item = makeItem(spec, channel, number, rng);
    // Keep the revised set in channel order so the wide layout groups a channel's columns.
    const after = revised.map((it) => it.channel).lastIndexOf(channel);
    revised.splice(after + 1, 0, item);
  }
  return {
    base: { validFrom: null, items },
    revisions: [{ validFrom: REVISION_2023.edition, items: revised }],
  };
}

/** The referential version in force for an edition. */
export function referentialFor(set: DemoReferentialSet, edition: number): DemoReferential {
  let current = set.base;
  for (const revision of set.revisions) {
    if (revision.validFrom !== null && revision.validFrom <= edition) current = revision;
  }
  return current;
}

/** Items of one channel, in code order. */
export function itemsOfChannel(referential: DemoReferential, channel: ChannelCode): DemoItem[] {
  return referential.items.filter((item) => item.channel === channel);
}
