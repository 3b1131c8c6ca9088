import { describe, expect, it } from 'vitest';
import { CLIENT_MODE_SETTING, clientModeFromSetting, commentForDisplay } from '../../renderer/src/state/client-mode-model.js';

describe('mode client', () => {
  it('is off unless the workspace setting says exactly true', () => {
    expect(CLIENT_MODE_SETTING).toBe('ui.clientMode');
    expect(clientModeFromSetting(true)).toBe(true);
    for (const value of [null, undefined, false, 'true', 1, {}]) expect(clientModeFromSetting(value)).toBe(false);
  });

  it('shows comments as written for analysts, masked in client mode', () => {
    const comment = "Échange avec Karim Benali (01 23 45 67 89, k.benali@ville.fr), puis l'agent Dupont.";
    expect(commentForDisplay(comment, false)).toBe(comment);
    expect(commentForDisplay(comment, true)).toBe("Échange avec [nom] ([téléphone], [courriel]), puis l'agent [nom].");
    expect(commentForDisplay(null, true)).toBeNull();
    expect(commentForDisplay(undefined, false)).toBeNull();
  });
});
