/**
 * The app's providers, outside in: TanStack Query, the interface language (seeded by the main
 * side's remembered choice), the selected edition, the "mode client" switch; then the frame. Workspace switches pushed by
 * the main side (`workspace.changed`) refetch every query.
 */
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { on } from './api/client.js';
import { useAppInfo } from './api/queries/app.js';
import { setApiQueryData } from './api/query.js';
import { AppShell } from './components/layout/AppShell.js';
import { I18nProvider } from './i18n/index.js';
import { ClientModeProvider } from './state/client-mode.js';
import { EditionProvider } from './state/edition.js';

function WithLanguage(): React.JSX.Element {
  const info = useAppInfo();
  const client = useQueryClient();
  useEffect(() => on('workspace.changed', (next) => {
    setApiQueryData(client, 'app.info', {}, next);
    void client.invalidateQueries();
  }), [client]);
  return (
    <I18nProvider serverLang={info.data?.lang ?? null}>
      <EditionProvider>
        <ClientModeProvider>
          <AppShell />
        </ClientModeProvider>
      </EditionProvider>
    </I18nProvider>
  );
}

/** `client` is made by the entry point, which starts the first queries before this renders. */
export function App({ client }: { client: QueryClient }): React.JSX.Element {
  return (
    <QueryClientProvider client={client}>
      <WithLanguage />
    </QueryClientProvider>
  );
}
