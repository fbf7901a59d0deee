import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the server's committed schema: the console builds without a running server.
 * Fragments are masked, as in the catalogue: a screen reads a fragment's fields through
 * `getFragmentData`, so it reads only what the fragment it names selects.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**', '!src/**/*.test.ts', '!src/**/*.test.tsx'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
