/**
 * The requests the entry point sends before the app is evaluated must be the very questions the
 * app then asks (same methods, same inputs, so the same query keys): the three start-up ones on
 * every address, and on `#/scores` the view's first ones as this browser last showed them.
 */
import { describe, expect, it } from 'vitest';
import { earlyQuestions } from '../../renderer/src/early-requests.js';
import { EDITION_SETTING } from '../../renderer/src/state/edition-setting.js';
import { chartSvgInput, INITIAL_SHOWN, matrixLevels, scoresQuestions } from '../../renderer/src/views/scores/shown.js';

const STARTUP = [['app.info', {}], ['workspace.info', {}], ['settings.get', { key: EDITION_SETTING }]];

describe('early requests', () => {
  it('asks the three start-up questions on every address, the Scores view\'s only on #/scores with something remembered', () => {
    const shown = { edition: 2024, lang: 'fr' as const, category: 'region', chartWidth: 612 };
    expect(earlyQuestions('#/explorer', shown)).toEqual(STARTUP);
    expect(earlyQuestions('#/', shown)).toEqual(STARTUP);
    expect(earlyQuestions('#/scoresque', shown)).toEqual(STARTUP);
    expect(earlyQuestions('#/scores', null)).toEqual(STARTUP);
    expect(earlyQuestions('#/scores', shown)).toEqual([...STARTUP, ...scoresQuestions(2024, 'fr', 'region', 612)]);
    expect(earlyQuestions('#/scores?x=1', shown)).toEqual(earlyQuestions('#/scores', shown));
  });

  it('asks for the Scores view what it asks itself: matrix of the levels shown, winners, distribution, ranking and both charts', () => {
    expect(scoresQuestions(2024, 'en', 'region', 612)).toEqual([
      ['analytics.scoreMatrix', { edition: 2024, levels: matrixLevels(INITIAL_SHOWN), lang: 'en' }],
      ['analytics.winners', { edition: 2024, lang: 'en' }],
      ['analytics.groupScores', { edition: 2024, level: 'overall', lang: 'en' }],
      ['analytics.rankings', { edition: 2024, category: 'region', lang: 'en' }],
      ['charts.scoresSvg', chartSvgInput('distribution', 2024, null, 612, 'en')],
      ['charts.scoresSvg', chartSvgInput('ranking', 2024, 'region', 612, 'en')],
    ]);
    // Without a remembered category or chart width, only what is known.
    expect(scoresQuestions(2024, 'fr', null, null).map(([method]) => method)).toEqual(['analytics.scoreMatrix', 'analytics.winners', 'analytics.groupScores']);
    expect(scoresQuestions(2024, 'fr', null, 500).map(([method]) => method)).toEqual(['analytics.scoreMatrix', 'analytics.winners', 'analytics.groupScores', 'charts.scoresSvg']);
  });
});
