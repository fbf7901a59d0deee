import { fileURLToPath } from 'node:url';
import { compileCatalogue } from '@certhub/domain/i18n/messages';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';
import { SITE_MESSAGES } from './src/i18n/site-messages.js';

const SITE_MESSAGES_MODULE = fileURLToPath(new URL('./src/i18n/site-messages.ts', import.meta.url));

/**
 * The site's catalogues compiled to ICU ASTs when it is built: `site-messages.ts` becomes them, so
 * react-intl formats without parsing, and the browser build leaves the ICU parser out (the alias
 * below). Dev server and unit tests keep the strings and the parser.
 */
function precompiledMessages(): Plugin {
  return {
    name: 'certhub:precompiled-messages',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (id !== SITE_MESSAGES_MODULE) return null;
      const compiled = Object.fromEntries(
        Object.entries(SITE_MESSAGES).map(([locale, messages]) => [locale, compileCatalogue(messages, locale)]),
      );
      return `export const SITE_MESSAGES = JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
    },
  };
}

export default defineConfig(({ command, isSsrBuild }) => ({
  plugins: [
    react(),
    precompiledMessages(),
    // A brotli and a gzip copy of each file worth it, compressed hardest once here; the server sends the one the browser accepts.
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/] }),
  ],
  resolve: {
    // One React and one Apollo Client, also for the components of @certhub/web-ui.
    dedupe: ['react', 'react-dom', '@apollo/client', 'graphql'],
    // The browser gets compiled messages only (above): FormatJS's build without the ICU parser (~10 KB compressed).
    alias:
      command === 'build' && !isSsrBuild
        ? [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' }]
        : [],
  },
  server: {
    // `pnpm dev`: the API of a server started with `npm start` (or `pnpm dev` in apps/server).
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true }, '/export': 'http://localhost:4000' },
  },
  build: { outDir: 'dist', sourcemap: true },
  test: {
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    environment: 'happy-dom',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
}));
