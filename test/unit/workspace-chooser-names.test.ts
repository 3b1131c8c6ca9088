/** The chooser's file names: what the user types becomes a workspace file name in the chosen folder. */
import { describe, expect, it } from 'vitest';
import { joinPath, workspaceFileName } from '../../renderer/src/components/workspace/use-workspace-chooser.js';

describe('workspace chooser file names', () => {
  it('adds .barometre.sqlite unless the name already ends in .sqlite, and trims it', () => {
    expect(workspaceFileName('  essai ')).toBe('essai.barometre.sqlite');
    expect(workspaceFileName('copie.sqlite')).toBe('copie.sqlite');
    expect(workspaceFileName('Copie.SQLITE')).toBe('Copie.SQLITE');
    expect(workspaceFileName('2026.barometre.sqlite')).toBe('2026.barometre.sqlite');
    expect(workspaceFileName('   ')).toBe('');
  });

  it('joins with the folder’s own separator', () => {
    expect(joinPath('/home/ana/etudes', 'a.sqlite')).toBe('/home/ana/etudes/a.sqlite');
    expect(joinPath('/', 'a.sqlite')).toBe('/a.sqlite');
    expect(joinPath('C:\\Users\\ana', 'a.sqlite')).toBe('C:\\Users\\ana\\a.sqlite');
  });
});
