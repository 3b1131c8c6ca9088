// Lint: type-aware rules the team relies on (no any, no floating promises, type-only imports),
// the rules of React hooks, and the layering of architecture.md, enforced rather than hoped for:
// - shared/ imports nothing from main/ or renderer/, and neither side imports the other;
// - inside main/, a lower layer never imports a higher one (see MAIN_LAYERS);
// - inside renderer/src/, components never import views (they are the building blocks views use);
// - no import cycle (type-only imports excepted: they vanish at run time).
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const ROOT = import.meta.dirname;

/**
 * The layers of main/, lowest first. A module may import its own layer and any lower one, never a
 * higher one. A folder not listed is a service (layer 2): new domain modules land there by default.
 */
export const MAIN_LAYERS = [
  { layer: 0, name: 'données', folders: ['db', 'workspace-path.ts'] },
  { layer: 1, name: 'analyse', folders: ['analytics'] },
  { layer: 2, name: 'services', folders: [] },
  { layer: 3, name: 'travaux et API', folders: ['jobs', 'api'] },
  { layer: 4, name: 'surfaces', folders: ['server', 'electron', 'cli'] },
];
const SERVICE_LAYER = 2;

/** `file` relative to `folder`, with / separators, or null when it lies outside. */
function inside(folder, file) {
  const relative = path.relative(folder, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? null : relative.split(path.sep).join('/');
}

/**
 * The project root a linted file belongs to: this config's folder, or ESLint's working directory
 * when the config is used for another tree of the same layout (test/integration/lint-boundaries).
 */
function rootOf(context, file, area) {
  return [ROOT, context.cwd].find((root) => inside(path.join(root, area), file) !== null) ?? null;
}

function mainLayerOf(root, file) {
  const relative = inside(path.join(root, 'main'), file);
  if (relative === null) return null;
  const top = relative.split('/')[0];
  return MAIN_LAYERS.find((l) => l.folders.includes(top)) ?? MAIN_LAYERS[SERVICE_LAYER];
}

/** `renderer/src/<part>/…` → part ('components', 'views', …), or null outside renderer/src. */
function rendererPartOf(root, file) {
  const relative = inside(path.join(root, 'renderer', 'src'), file);
  return relative === null ? null : relative.split('/')[0];
}

/**
 * The one exception to « components never import views »: the application frame
 * (components/layout: AppShell, Sidebar) reads the list of views from views/registry.tsx to draw
 * the navigation and route to the current view. Anything else under views/ stays out of reach.
 */
const RENDERER_VIEW_EXCEPTIONS = [{ from: 'components/layout/', to: 'views/registry.' }];

/** Each relative import of a file (static, re-export or dynamic), with its resolved path. */
function relativeImports(context, check) {
  const from = context.physicalFilename;
  const visit = (node) => {
    const source = node.source;
    if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
    check(node, path.resolve(path.dirname(from), source.value));
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
}

const layersPlugin = {
  meta: { name: 'barometre-layers' },
  rules: {
    main: {
      meta: { type: 'problem', schema: [], messages: { upward: 'main/{{from}} (couche {{fromLayer}}, {{fromName}}) ne doit pas importer main/{{to}} (couche {{toLayer}}, {{toName}}) : une couche basse n’importe jamais une couche plus haute (db ← analytics ← import/explorer/export/report… ← jobs/api ← server/electron/cli).' } },
      create(context) {
        const root = rootOf(context, context.physicalFilename, 'main');
        const own = root && mainLayerOf(root, context.physicalFilename);
        if (!own) return {};
        return relativeImports(context, (node, target) => {
          const theirs = mainLayerOf(root, target);
          if (!theirs || theirs.layer <= own.layer) return;
          context.report({
            node: node.source,
            messageId: 'upward',
            data: {
              from: inside(path.join(root, 'main'), context.physicalFilename),
              to: inside(path.join(root, 'main'), target),
              fromLayer: own.layer, fromName: own.name, toLayer: theirs.layer, toName: theirs.name,
            },
          });
        });
      },
    },
    renderer: {
      meta: { type: 'problem', schema: [], messages: { componentImportsView: 'Un composant (renderer/src/components) n’importe pas une vue ({{to}}) : les vues assemblent les composants, jamais l’inverse. Passez ce dont le composant a besoin en propriété.' } },
      create(context) {
        const root = rootOf(context, context.physicalFilename, path.join('renderer', 'src'));
        if (!root || rendererPartOf(root, context.physicalFilename) !== 'components') return {};
        const fromRelative = inside(path.join(root, 'renderer', 'src'), context.physicalFilename);
        return relativeImports(context, (node, target) => {
          if (rendererPartOf(root, target) !== 'views') return;
          const to = inside(path.join(root, 'renderer', 'src'), target);
          if (RENDERER_VIEW_EXCEPTIONS.some((e) => fromRelative.startsWith(e.from) && to.startsWith(e.to))) return;
          context.report({ node: node.source, messageId: 'componentImportsView', data: { to } });
        });
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', 'bench/out/', '.notes/', 'bin/', 'scripts/*.js', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Import cycles in the application code (tests and benches only consume it). Specifiers end in
    // `.js` and name `.ts` files (NodeNext), hence the extension alias.
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/external-module-folders': ['node_modules'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['main/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/main': 'error' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { layers: layersPlugin, 'react-hooks': reactHooks },
    rules: {
      'layers/renderer': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**', '**/renderer/**'], message: 'shared/ is pure: it imports nothing from main/ or renderer/.' },
        { group: ['node:*', 'electron', 'react', 'better-sqlite3'], message: 'shared/ is pure: no Node, Electron or React.' },
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**'], message: 'The renderer talks to main only through the typed API client.' },
        { group: ['node:*', 'electron', 'better-sqlite3'], message: 'The renderer runs sandboxed: no Node or Electron modules.' },
      ] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/renderer/**'], message: 'main/ never imports renderer code.' },
      ] }],
    },
  },
);
