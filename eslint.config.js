// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

// Module boundaries of STYLE.md ("Boundaries by folder, enforced by lint").
const networkModules = ['http', 'https', 'net', 'tls', 'dgram', 'undici', 'http2'].flatMap((m) => [
  m,
  `node:${m}`,
])
const networkRule = {
  name: 'network',
  paths: networkModules.map((name) => ({
    name,
    message: 'Only src/core/egress may open network connections (DESIGN.md §5).',
  })),
}

/** @param {{paths?: string[], patterns?: string[]}} extra */
function restrict(extra) {
  return [
    'error',
    {
      paths: [...networkRule.paths, ...(extra.paths ?? []).map((name) => ({ name }))],
      patterns: (extra.patterns ?? []).map((group) => ({ group: [group] })),
    },
  ]
}

/**
 * The rules of a server that listens on loopback (web bridge, team server): see its zone below.
 * @param {string[]} alsoForbidden
 */
function loopbackServerRules(alsoForbidden) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          ...networkRule.paths.filter(
            (rule) => !['http', 'node:http', 'net', 'node:net'].includes(rule.name),
          ),
          { name: 'electron' },
        ],
        patterns: [
          { group: ['node:net', 'net'], allowImportNames: ['AddressInfo'] },
          {
            group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', ...alsoForbidden],
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'fetch', message: 'Only src/core/egress may call fetch (DESIGN.md §5).' },
    ],
  }
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/results/**', 'coverage/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict({}),
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Only src/core/egress may call fetch (DESIGN.md §5).' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**', 'bin/**', '*.config.*'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict({
        paths: ['electron', 'react'],
        patterns: [
          'node:*',
          '**/core/**',
          '**/main/**',
          '**/preload/**',
          '**/renderer/**',
          '**/cli/**',
          '**/web/**',
          '**/backend/**',
        ],
      }),
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restrict({
        paths: ['electron'],
        patterns: ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', '**/web/**'],
      }),
    },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict({
        paths: ['electron'],
        patterns: [
          'node:*',
          '**/main/**',
          '**/preload/**',
          '**/core/**',
          '**/cli/**',
          '**/web/**',
          '**/backend/**',
        ],
      }),
    },
  },
  {
    // The egress gate is the one place that may reach the network.
    files: ['src/core/egress/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    // Tests that attack the gate and benchmarks that stand in for the network.
    files: ['test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    // Servers that listen on loopback: node:http for their own socket (allowLoopbackListener),
    // never a client of their own (fetch, https, tls, undici: outbound goes through
    // src/core/egress), nothing of the apps above them, and neither of the other server.
    files: ['src/web/**'],
    rules: loopbackServerRules(['**/backend/**']),
  },
  {
    files: ['src/backend/**'],
    rules: loopbackServerRules(['**/web/**']),
  },
  {
    // The Electron shell: Electron, the core and the contract; never the CLI, web mode, the team
    // server or the renderer's sources (it loads the built bundle).
    files: ['src/main/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': restrict({
        patterns: ['**/cli/**', '**/web/**', '**/backend/**', '**/renderer/**'],
      }),
    },
  },
  {
    // The preload runs beside the page: only Electron's renderer APIs and the shared contract.
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrict({
        patterns: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/web/**', '**/backend/**'],
      }),
    },
  },
  {
    // The CLI starts web mode and the team server but is never the desktop app.
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': restrict({
        paths: ['electron'],
        patterns: ['**/main/**', '**/preload/**', '**/renderer/**'],
      }),
    },
  },
  {
    // The MCP door speaks stdio only, and shows what the core gives it (src/core/mcp).
    files: ['src/core/mcp/**'],
    rules: {
      'no-restricted-imports': restrict({
        paths: ['electron'],
        patterns: [
          '**/main/**',
          '**/preload/**',
          '**/renderer/**',
          '**/cli/**',
          '**/web/**',
          '**/backend/**',
          '**/egress/**',
        ],
      }),
    },
  },
  {
    // The team server's storage (issue 12): databases only. No network module, no fetch, nothing
    // of the HTTP layer above it or of the apps; PostgreSQL is reached only through the tripwire's
    // one database allowance (src/core/egress/databaseEndpoint.ts).
    files: ['src/backend/store/**'],
    rules: {
      'no-restricted-imports': restrict({
        paths: ['electron'],
        patterns: [
          '**/main/**',
          '**/preload/**',
          '**/renderer/**',
          '**/cli/**',
          '**/web/**',
          '**/delivery/**',
          '../ReferenceBackend',
        ],
      }),
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Only src/core/egress may call fetch (DESIGN.md §5).' },
      ],
    },
  },
)
