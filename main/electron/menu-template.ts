/**
 * The native menus, in French: Fichier, Édition, Affichage, Aide. Actions that belong to the UI
 * are sent to the renderer as `menu.command` events; the rest are Electron roles. Plain data from
 * plain inputs, so the template can be checked without Electron running.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, MenuCommandEvent, RecentWorkspace } from '../../shared/api-types.js';

export interface MenuOptions {
  recent: readonly RecentWorkspace[];
  isMac: boolean;
  /** Development build: adds reload and developer tools. */
  dev: boolean;
  send(command: MenuCommandEvent): void;
}

export const VIEW_COMMANDS: ReadonlyArray<{ command: MenuCommand; label: string }> = [
  { command: 'view.home', label: 'Accueil' },
  { command: 'view.import', label: 'Import' },
  { command: 'view.explorer', label: 'Explorateur' },
  { command: 'view.scores', label: 'Scores' },
  { command: 'view.structure', label: 'Fiche structure' },
  { command: 'view.comparisons', label: 'Comparaisons' },
];

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const send = (command: MenuCommand, path?: string) => () => options.send(path ? { command, path } : { command });
  const recent: MenuItemConstructorOptions[] = options.recent.length
    ? options.recent.map((r) => ({ label: `${r.name} — ${r.path}`, enabled: r.exists, click: send('workspace.open', r.path) }))
    : [{ label: 'Aucun espace récent', enabled: false }];
  return [
    ...(options.isMac ? [{ role: 'appMenu' as const, label: 'Baromètre' }] : []),
    {
      label: 'Fichier',
      submenu: [
        { label: 'Ouvrir un espace de travail…', accelerator: 'CmdOrCtrl+O', click: send('workspace.open') },
        { label: 'Nouvel espace de travail…', accelerator: 'CmdOrCtrl+N', click: send('workspace.create') },
        { label: 'Espaces récents', submenu: recent },
        { type: 'separator' },
        { label: 'Importer des fichiers…', accelerator: 'CmdOrCtrl+I', click: send('import.files') },
        {
          label: 'Exporter',
          submenu: [
            { label: 'Tableaux du baromètre…', click: send('export.tables') },
            { label: 'Classeurs par structure…', click: send('export.structures') },
            { label: "Vue courante de l'explorateur…", click: send('export.view') },
          ],
        },
        { type: 'separator' },
        { label: 'Quitter', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { label: 'Annuler', role: 'undo' },
        { label: 'Rétablir', role: 'redo' },
        { type: 'separator' },
        { label: 'Couper', role: 'cut' },
        { label: 'Copier', role: 'copy' },
        { label: 'Coller', role: 'paste' },
        { label: 'Tout sélectionner', role: 'selectAll' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        ...VIEW_COMMANDS.map((v, i): MenuItemConstructorOptions => ({ label: v.label, accelerator: `CmdOrCtrl+${i + 1}`, click: send(v.command) })),
        { type: 'separator' },
        { label: 'Zoom avant', role: 'zoomIn' },
        { label: 'Zoom arrière', role: 'zoomOut' },
        { label: 'Taille réelle', role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Plein écran', role: 'togglefullscreen' },
        ...(options.dev
          ? [{ type: 'separator' as const }, { label: 'Recharger', role: 'reload' as const }, { label: 'Outils de développement', role: 'toggleDevTools' as const }]
          : []),
      ],
    },
    {
      label: 'Aide',
      submenu: [
        { label: 'Méthode de calcul', click: send('help.method') },
        { label: 'À propos', click: send('help.about') },
      ],
    },
  ];
}
