/**
 * The views are registered by name (renderer/src/views/registry.tsx): every address a view owns
 * finds it, and an address no view owns finds none (AppShell then shows « Page introuvable »),
 * instead of a placeholder view for a mistyped path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEWS, viewForRoute } from '../../renderer/src/views/registry.js';
import { parseHash } from '../../renderer/src/state/router.js';

const ROOT = path.resolve(__dirname, '..', '..');

describe('view registry', () => {
  it('finds each view at its own address, and the home view at #/ and #/home', () => {
    for (const view of VIEWS) expect(viewForRoute(parseHash(`#/${view.segment}`))?.id).toBe(view.id);
    expect(viewForRoute(parseHash('#/home'))?.id).toBe('home');
    expect(viewForRoute(parseHash('#/public-private'))?.id).toBe('comparisons');
  });

  it('finds no view for a mistyped address', () => {
    expect(viewForRoute(parseHash('#/scorse'))).toBeNull();
    expect(viewForRoute(parseHash('#/explorer-old/x'))).toBeNull();
  });

  it('imports every view by its file name (no glob that could miss one)', () => {
    const source = fs.readFileSync(path.join(ROOT, 'renderer/src/views/registry.tsx'), 'utf8');
    expect(source).not.toMatch(/import\.meta\.glob/);
    const files = [...source.matchAll(/import\('\.\/([\w/-]+)\.js'\)/g)].map((match) => match[1] as string);
    expect(files).toHaveLength(VIEWS.length);
    for (const file of files) expect(fs.existsSync(path.join(ROOT, 'renderer/src/views', `${file}.tsx`)), file).toBe(true);
  });
});
