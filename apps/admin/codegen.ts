import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the server's committed schema: the console builds without a running server.
 * No fragment masking: the console's screens read and write the same program rows (optimistic
 * answers, conflicts), so a row's fragment is its plain type.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**', '!src/**/*.test.ts', '!src/**/*.test.tsx'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
