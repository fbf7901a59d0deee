import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  // The server answers `GET /graphql` from a browser with this page, and its files under /graphql/assets.
  base: '/graphql/',
  // A brotli and a gzip copy of each file worth it, compressed hardest once here; the server sends the one the browser accepts.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/] })],
  resolve: { dedupe: ['react', 'react-dom', 'graphql'] },
  server: {
    // `pnpm dev`: the API of a server started with `npm start` (port 4000).
    proxy: {
      '/graphql': {
        target: 'http://localhost:4000',
        bypass: (request) => (request.method === 'GET' && !request.url?.includes('query=') ? request.url : undefined),
      },
    },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // GraphiQL's editor (Monaco) is large; it is only loaded by this page.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      // GraphiQL's React Compiler directives ("use no memo") are dropped when bundled: harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
