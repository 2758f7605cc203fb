// Lint rules: typescript-eslint's recommended set on all TypeScript, plus the rules that keep
// the layering honest. Layers only import downward:
//   model <- policy <- analysis <- engine <- checks <- reports <- pipeline <- front ends (cli, org)
// with util beside model, and collect, store and tickets as the adapters to AWS, the database
// and the ticket systems. Only src/collect talks to AWS; checks and reporters stay pure; no
// import cycle anywhere in src, checks or reports.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

const SRC = ['model', 'policy', 'analysis', 'util', 'engine', 'collect', 'store', 'tickets', 'pipeline', 'org', 'cli'];
const ROOT_FILES = ['./src/cli.ts', './src/docs.ts', './src/deploy.ts'];

/** A zone: files under `target` may not import from any of the `layers` (src folders) or `extra` paths. */
function zone(target, { layers = [], extra = [], except, why }) {
  return [
    ...layers.map((l) => ({ target, from: `./src/${l}`, ...(except?.[l] ? { except: except[l] } : {}), message: why })),
    ...extra.map((from) => ({ target, from, message: why })),
  ];
}
const above = (...allowed) => SRC.filter((l) => !allowed.includes(l));

const LAYER_ZONES = [
  ...zone('./src/model', {
    layers: above('model'),
    extra: ['./checks', './reports', './src/version.ts', ...ROOT_FILES],
    why: 'src/model depends on nothing above it.',
  }),
  ...zone('./src/util', { layers: above('util'), extra: ['./checks', './reports', ...ROOT_FILES], why: 'src/util is a leaf.' }),
  ...zone('./src/policy', {
    layers: above('model', 'policy'),
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'The policy language is pure: it knows only the model.',
  }),
  ...zone('./src/analysis', {
    layers: above('model', 'policy', 'analysis'),
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'The analyses are pure: model and policy only.',
  }),
  ...zone('./src/engine', {
    layers: ['collect', 'store', 'tickets', 'pipeline', 'org', 'cli'],
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'The engine is pure: it may not reach AWS, the store, the reporters or a front end.',
  }),
  ...zone('./checks', {
    layers: ['engine', 'util', 'collect', 'store', 'tickets', 'pipeline', 'org', 'cli'],
    except: { engine: ['./check-api.ts'] },
    extra: ['./reports', ...ROOT_FILES],
    why: 'Checks stay pure: model, policy, analysis and the check contract (src/engine/check-api.ts) only.',
  }),
  ...zone('./reports', {
    layers: ['policy', 'analysis', 'engine', 'collect', 'store', 'tickets', 'pipeline', 'org', 'cli'],
    extra: ['./checks', ...ROOT_FILES],
    why: 'Reporters render a report: model and util only.',
  }),
  ...zone('./src/collect', {
    layers: ['policy', 'analysis', 'engine', 'store', 'tickets', 'pipeline', 'org', 'cli'],
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'Collectors turn AWS answers into the model and nothing else.',
  }),
  ...zone('./src/store', {
    layers: ['collect', 'tickets', 'pipeline', 'org', 'cli'],
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'The store owns its own types; tickets and front ends sit above it.',
  }),
  ...zone('./src/tickets', {
    layers: ['collect', 'pipeline', 'org', 'cli'],
    extra: ['./checks', './reports', ...ROOT_FILES],
    why: 'Ticket sync reads the store; it does not scan.',
  }),
  ...zone('./src/pipeline', {
    layers: ['collect', 'tickets', 'org', 'cli'],
    extra: ROOT_FILES,
    why: 'The account pipeline sits below every front end.',
  }),
  ...zone('./src/org', { layers: ['cli'], extra: ROOT_FILES, why: 'src/org is a front end beside src/cli, not below it.' }),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'incloud-out/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts', 'checks/**/*.ts', 'reports/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts', 'checks/**/*.ts', 'reports/**/*.ts'],
    ignores: ['src/collect/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Only src/collect talks to AWS; checks and reporters stay pure.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
