// Import boundaries, checked by `pnpm lint` (the root `boundaries` task, which turbo's `lint` runs).
// A module's public surface is the files named for what others may use: `*.entity.ts`,
// `*.entities.ts`, `*.service.ts`, `*.enums.ts` and `*.types.ts`; everything else in a module folder
// (resolvers, inputs, helpers) is its own business.
const MODULE_PUBLIC = '\\.(entity|entities|service|enums|types)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles, type-only imports included: a type that services need lives below them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-no-app',
      comment: '@certhub/domain is shared by every app: it imports none of them.',
      severity: 'error',
      from: { path: '^packages/domain/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-nothing-from-node',
      comment: '@certhub/domain runs in browsers too: no node:* builtins (its tests and test fixtures run in Node only).',
      severity: 'error',
      from: { path: '^packages/domain/', pathNot: '(\\.test\\.ts$|/test-fixtures/)' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-is-plain-typescript',
      comment: 'Decorated classes live only in apps/server (docs/style.md 15).',
      severity: 'error',
      from: { path: '^packages/domain/' },
      to: { path: 'node_modules/(typeorm|type-graphql|@apollo)/' },
    },
    {
      name: 'packages-import-no-app',
      comment: 'Shared packages sit below the apps.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-apps-import-no-server-code',
      comment: 'The web apps talk to the server over GraphQL only (their types come from schema.graphql).',
      severity: 'error',
      from: { path: '^apps/(catalog|admin|explorer)/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'platform-uses-only-module-surfaces',
      comment: `Platform code (apps/server/src/platform) may use a domain module only through its public files (${MODULE_PUBLIC}).`,
      severity: 'error',
      // Tests of the platform may record changes through the pipeline (modules/change) to drive it.
      from: { path: '^apps/server/src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^apps/server/src/modules/[^/]+/', pathNot: MODULE_PUBLIC },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|dist-server|gql|coverage|test-results)/' },
    // Count `import type` too, so a circle made only of types is still a circle.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
