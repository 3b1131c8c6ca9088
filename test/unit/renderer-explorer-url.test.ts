/**
 * The Explorer's address: table and filters written to `#/explorer?…` and read back, leniently
 * (a hand-edited or old link never breaks the view).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explorerHref, explorerLocationOf, explorerQueryOf, withEdition } from '../../renderer/src/views/explorer/explorer-url.js';
import type { ExplorerFilters } from '../../shared/api-types.js';

const read = (query: string) => explorerLocationOf(new URLSearchParams(query));

describe('explorer address', () => {
  it('reads the table, the edition and the filters', () => {
    expect(read('tab=observations&edition=2024&channel=email&structure=S0003&search=mairie%20de')).toEqual({
      table: 'observations',
      filters: { edition: 2024, channel: 'email', structure: 'S0003', search: 'mairie de' },
      editionChosen: true,
    });
  });

  it('tells "every edition" (edition=all) from "no edition given"', () => {
    expect(read('edition=all')).toEqual({ table: 'audits', filters: {}, editionChosen: true });
    expect(read('channel=phone')).toEqual({ table: 'audits', filters: { channel: 'phone' }, editionChosen: false });
  });

  it('drops what it does not understand instead of failing', () => {
    expect(read('tab=pivot&edition=24&colour=red&channel=&item=' + 'x'.repeat(300))).toEqual({ table: 'audits', filters: {}, editionChosen: false });
  });

  it('writes the edition always (all when none) and the tab only when not the default', () => {
    expect(explorerQueryOf({ table: 'audits', filters: { edition: 2023, channel: 'email' } })).toBe('edition=2023&channel=email');
    expect(explorerQueryOf({ table: 'observations', filters: {} })).toBe('tab=observations&edition=all');
    expect(explorerHref({ table: 'audits', filters: { edition: 2024, structure: 'S 01/2' } })).toBe('#/explorer?edition=2024&structure=S+01%2F2');
  });

  it('reads back exactly what it wrote, whatever the filters', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0);
    const filters = fc.record<ExplorerFilters>({
      edition: fc.integer({ min: 2000, max: 2099 }),
      category: text, departement: text, region: text, sector: text, channel: text,
      step: text, determinant: text, item: text, structure: text, search: text,
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.constantFrom('audits' as const, 'observations' as const), filters, (table, f) => {
      const back = read(explorerQueryOf({ table, filters: f }));
      expect(back.table).toBe(table);
      expect(back.filters).toEqual(f);
      expect(back.editionChosen).toBe(true);
    }));
  });

  it('gives a location without a usable edition the edition of the top bar', () => {
    const known = [2023, 2024];
    expect(withEdition(read('channel=email'), 2024, known).filters).toEqual({ channel: 'email', edition: 2024 });
    // An old bookmark on an edition this workspace does not have.
    expect(withEdition(read('edition=1999&channel=email'), 2024, known)).toEqual({ table: 'audits', filters: { channel: 'email', edition: 2024 }, editionChosen: false });
    // A known edition, or every edition, is the address's choice and stays.
    expect(withEdition(read('edition=2023'), 2024, known).filters).toEqual({ edition: 2023 });
    expect(withEdition(read('edition=all'), 2024, known).filters).toEqual({});
    // No edition selected in the top bar (an empty workspace): none is forced.
    expect(withEdition(read('edition=1999'), null, []).filters).toEqual({});
  });
});
