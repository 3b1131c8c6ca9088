import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { CliCommand } from '../command.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "Ouvre l'application en mode navigateur (ce que fait « npm start » sans Electron)",
  summaryEn: 'Opens the application in browser mode (what "npm start" does without Electron)',
  help: [
    'Usage : barometer serve [--db FICHIER | --demo] [--port N] [--no-open] [--renderer DOSSIER]',
    '',
    "Sert l'interface et l'API sur 127.0.0.1 (port libre par défaut, jeton par session), affiche",
    "l'adresse à ouvrir et, si un écran existe, ouvre une fenêtre Chromium. Ctrl+C arrête le serveur.",
    '  --demo              ouvre l’espace de démonstration (construit la première fois)',
    '  --port N            port d’écoute (0 : un port libre)',
    '  --no-open           n’ouvre pas de fenêtre : l’adresse est seulement affichée',
    '  --renderer DOSSIER  l’interface construite à servir (par défaut dist/renderer)',
  ].join('\n'),
  helpEn: [
    'Usage: barometer serve [--db FILE | --demo] [--port N] [--no-open] [--renderer FOLDER]',
    '',
    'Serves the interface and the API on 127.0.0.1 (a free port by default, one token per session),',
    'prints the address to open and, when a display exists, opens a Chromium window. Ctrl+C stops it.',
    '  --demo              opens the demo workspace (built the first time)',
    '  --port N            port to listen on (0: a free port)',
    '  --no-open           opens no window: the address is only printed',
    '  --renderer FOLDER   the built interface to serve (default dist/renderer)',
  ].join('\n'),
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    renderer: { type: 'string' },
  },
  async run(ctx) {
    const portText = typeof ctx.values.port === 'string' ? ctx.values.port : undefined;
    const port = portText === undefined ? 0 : Number(portText);
    if (!/^\d+$/.test(portText ?? '0') || port > 65535) throw AppError.keyed('INVALID_INPUT', 'cli.portInvalid', { value: portText ?? '' });
    const renderer = typeof ctx.values.renderer === 'string' ? path.resolve(ctx.values.renderer) : undefined;
    // Loaded here: the server brings the whole API, which `barometer --help` must not pay for.
    const { runBrowserMode } = await import('../../server/browser-mode.js');
    await runBrowserMode({
      ...(ctx.values.demo === true ? {} : { workspacePath: ctx.dbPath }),
      port,
      open: ctx.values['no-open'] !== true,
      ...(renderer ? { staticDir: renderer } : {}),
      out: (line) => ctx.io.out(line),
    });
    return 0;
  },
};
