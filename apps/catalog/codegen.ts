import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed operations from the server's committed schema: the app builds without a running server. */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.tsx', '!src/gql/**'],
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
