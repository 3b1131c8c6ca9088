import type { CliCommand } from '../command.js';
import { editionsWithAudits, trends } from '../../analytics/index.js';
import type { TrendScope } from '../../../shared/analytics-types.js';
import { AppError } from '../../../shared/errors.js';
import { formatInt, formatScore, table } from '../format.js';
import { labels } from '../../export/labels.js';
import { trendStateText } from '../../export/trend-sheet.js';
import { levelOf, stringOption } from './analytics-options.js';
import { LEVELS } from '../../../shared/domain.js';

export const trendsCommand: CliCommand = {
  name: 'trends',
  summary: 'Évolution des scores d’une édition à l’autre, avec les ruptures de référentiel signalées',
  help: [
    'Usage : barometer trends [--structure CODE | --category CODE | --sector public|prive]',
    `                         [--level ${LEVELS.join('|')}] [--editions 2021,2022,2023 | --edition ANNÉE]`,
    '                         [--db FICHIER] [--json]',
    '',
    'Par défaut : l’ensemble des structures, niveau global, toutes les éditions qui ont des audits',
    '(avec --edition : jusqu’à cette édition).',
    'Deux éditions consécutives ne sont comparables que si le référentiel n’a pas changé pour la clé :',
    'même item en vigueur avec même pondération, seuil et type de réponse ; pour une étape, un canal,',
    'un déterminant ou le global, mêmes items qui le composent, sans changement de définition.',
    'Chaque score est suivi de sa base (audits ; pour un groupe, structures notées et audits).',
    'Chaque évolution dit comment elle se lit : « Comparable », « Non comparable : <raison> »,',
    '« Non participant en ANNÉE » (structure sans audit cette édition : pas d’évolution),',
    '« Base faible (2 audits) » (moins de 3 audits d’un côté : calculée mais signalée).',
    'Pour une catégorie, un secteur ou l’ensemble, l’évolution est calculée sur le même panel',
    '(« Même panel : 41 structures », celles notées dans les deux éditions) ; les scores affichés',
    'par édition portent sur toutes les structures. Un chiffre de groupe non diffusé (règle de',
    'confidentialité) s’affiche « — ».',
  ].join('\n'),
  options: { structure: { type: 'string' }, category: { type: 'string' }, sector: { type: 'string' }, level: { type: 'string' }, editions: { type: 'string' }, edition: { type: 'string' } },
  run(ctx) {
    const db = ctx.openDb();
    const structure = stringOption(ctx, 'structure');
    const category = stringOption(ctx, 'category');
    const sector = stringOption(ctx, 'sector');
    const scope: TrendScope = structure ? { kind: 'structure', code: structure }
      : category ? { kind: 'category', code: category }
        : sector ? { kind: 'sector', code: sector }
          : { kind: 'edition', code: '' };
    const level = levelOf(ctx, 'overall') ?? 'overall';
    const list = stringOption(ctx, 'editions');
    let editions: number[] | undefined;
    if (list) {
      editions = list.split(',').map((s) => Number(s.trim()));
      if (editions.some((e) => !Number.isInteger(e))) throw AppError.keyed('INVALID_INPUT', 'cli.trends.editionsList', { value: list });
    } else {
      const until = stringOption(ctx, 'edition');
      if (until !== undefined) {
        if (!/^\d{4}$/.test(until)) throw AppError.keyed('INVALID_INPUT', 'cli.editionFourDigits', { value: until });
        editions = editionsWithAudits(db).filter((e) => e <= Number(until));
      }
    }
    const result = trends(db, { scope, level, ...(editions ? { editions } : {}) });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    ctx.io.out(`Évolution — ${result.scopeLabel} — niveau ${level}`);
    const group = result.scope.kind !== 'structure';
    const words = labels('fr');
    const pairs = result.editions.slice(1).map((to, i) => `${result.editions[i]}→${to}`);
    const headers = ['Clé', ...result.editions.map(String), ...pairs.map((p) => `Évolution ${p}${group ? ' (même panel)' : ''}`)];
    ctx.io.out(table(headers, result.series.map((s) => {
      const cells: string[] = [s.level === 'overall' ? 'Global' : s.level === 'item' || s.level === 'determinant' ? s.key : s.label];
      for (const p of s.points) {
        const base = group ? `${p.structures === null ? '—' : formatInt(p.structures)} str., ${formatInt(p.audits)} aud.` : `${formatInt(p.audits)} aud.`;
        cells.push(`${formatScore(p.score)} (${base})`);
      }
      for (const c of s.comparisons) {
        const delta = c.delta === null ? '' : `${c.delta > 0 ? '+' : ''}${formatScore(c.delta)} — `;
        cells.push(`${delta}${trendStateText(c, words)}`);
      }
      return cells;
    })));
    return 0;
  },
};
