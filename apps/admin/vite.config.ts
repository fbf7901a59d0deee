import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The server serves the console's build at /admin (apps/server/src/platform/web-app.ts).
  base: '/admin/',
  // A brotli and a gzip copy of each file worth it, compressed hardest once here; the server sends the one the browser accepts.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/] })],
  // One React and one Apollo Client, also for the components of @certhub/web-ui.
  resolve: { dedupe: ['react', 'react-dom', '@apollo/client', 'graphql'] },
  server: {
    port: 5174,
    // `pnpm dev`: the API of a server started with `npm start` (or `pnpm dev` in apps/server).
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } },
  },
  build: { outDir: 'dist', sourcemap: true },
  test: {
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    environment: 'happy-dom',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
