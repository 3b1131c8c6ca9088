import type { CliCommand } from '../command.js';
import { headlineIndicators, indicator } from '../../analytics/index.js';
import type { IndicatorBy } from '../../../shared/analytics-types.js';
import { HEADLINE_INDICATORS } from '../../../shared/headline.js';
import { AppError } from '../../../shared/errors.js';
import { formatInt, formatPercent, table } from '../format.js';
import { EDITION_OPTION, editionOf, stringOption } from './analytics-options.js';

const BY: readonly IndicatorBy[] = ['sector', 'category', 'structure', 'edition'];

export const indicatorsCommand: CliCommand = {
  name: 'indicators',
  summary: 'Indicateurs : part des audits conformes à un item (par défaut : indicateurs phares public / privé)',
  help: [
    'Usage : barometer indicators [--edition ANNÉE] [--item CODE] [--by sector|category|structure|edition] [--db FICHIER] [--json]',
    '',
    'Taux = 100 × audits où l’item est conforme / audits où il s’applique (les « sans objet » sont',
    'exclus). Sans --item : le tableau des indicateurs phares (courriels répondus en moins de 24 h,',
    'formule de politesse), secteur public face au panel privé.',
    '  --by  regroupement (par défaut : sector) ; edition = une ligne par édition',
    'JSON : [{ item, group, rate, audits, … }] (rate en pourcentage, audits = dénominateur).',
  ].join('\n'),
  options: { ...EDITION_OPTION, item: { type: 'string' }, by: { type: 'string' } },
  run(ctx) {
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const item = stringOption(ctx, 'item');
    const byRaw = stringOption(ctx, 'by') ?? 'sector';
    if (!(BY as readonly string[]).includes(byRaw)) throw AppError.keyed('INVALID_INPUT', 'cli.byInvalid', { choices: BY.join(', '), value: byRaw });
    const by = byRaw as IndicatorBy;
    const rows = item ? indicator(db, { edition, item, by }) : headlineIndicators(db, { edition });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (!item) {
      ctx.io.out(`Indicateurs phares — édition ${edition}`);
      ctx.io.out(table(['Indicateur', 'Public', 'Audits publics', 'Privé', 'Audits privés', 'Brochure 2023 (pub. / priv.)'], HEADLINE_INDICATORS.map((h) => {
        const pub = rows.find((r) => r.item === h.item && r.group === 'public');
        const priv = rows.find((r) => r.item === h.item && r.group === 'prive');
        return [`${h.fr} (${h.item})`, formatPercent(pub?.rate), formatInt(pub?.audits ?? 0), formatPercent(priv?.rate), formatInt(priv?.audits ?? 0),
          `${h.brochure2023.public} % / ${h.brochure2023.prive} %`];
      })));
      return 0;
    }
    const first = rows[0];
    ctx.io.out(`${item}${first ? ` — ${first.label}` : ''}${first && !first.inForce ? ' (absent du référentiel en vigueur)' : ''} — ${by === 'edition' ? 'toutes éditions' : `édition ${edition}`}`);
    ctx.io.out(table(['Groupe', 'Libellé', 'Taux', 'Conformes', 'Audits (applicable)', 'Observés'], rows.map((r) => [
      r.group, r.groupLabel, formatPercent(r.rate), formatInt(r.compliant), formatInt(r.audits), formatInt(r.observed),
    ])));
    return 0;
  },
};
