/**
 * The "mode client" switch as app state (`useClientMode()`), set in the top bar and remembered in
 * the workspace's settings (`ui.clientMode`). Views that show audit comments pass them through
 * `commentForDisplay` (client-mode-model.ts).
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSetting, writeSetting } from '../api/queries/app.js';
import { CLIENT_MODE_SETTING, clientModeFromSetting } from './client-mode-model.js';

export interface ClientModeState {
  /** True: names, telephone numbers and e-mail addresses in comments are masked on screen. */
  clientMode: boolean;
  setClientMode: (on: boolean) => void;
}

const ClientModeContext = createContext<ClientModeState>({ clientMode: false, setClientMode: () => undefined });

export function ClientModeProvider({ children }: { children: ReactNode }): React.JSX.Element {
  const client = useQueryClient();
  const stored = useSetting(CLIENT_MODE_SETTING);
  // The cached setting is the state: writeSetting updates it at once, and a workspace switch
  // (every query refetched) brings that workspace's own choice.
  const clientMode = clientModeFromSetting(stored.data?.value);

  const setClientMode = useCallback((on: boolean) => {
    writeSetting(CLIENT_MODE_SETTING, on, client).catch(() => undefined);
  }, [client]);

  const value = useMemo<ClientModeState>(() => ({ clientMode, setClientMode }), [clientMode, setClientMode]);
  return <ClientModeContext.Provider value={value}>{children}</ClientModeContext.Provider>;
}

export function useClientMode(): ClientModeState {
  return useContext(ClientModeContext);
}
