import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '@certhub/domain/i18n/locales';
import { compileCatalogue } from '@certhub/domain/i18n/messages';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, type Manifest, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';
import { messages as de } from './src/i18n/catalogues/de.js';
import { messages as en } from './src/i18n/catalogues/en.js';
import { SUGGESTION_KEYS } from './src/i18n/catalogues/suggestions.js';

/** Every language's catalogue as written (strings), for the build to compile. */
const CATALOGUES = { en, de } satisfies Record<Locale, Readonly<Record<string, string>>>;
const CATALOGUES_DIR = fileURLToPath(new URL('./src/i18n/catalogues/', import.meta.url));
const GQL_DIR = fileURLToPath(new URL('./src/gql/', import.meta.url));

/**
 * The site's catalogues compiled to ICU ASTs when it is built: each `catalogues/<locale>.ts`
 * becomes its language's compiled messages (`catalogues/suggestions.ts`, the language suggestion's
 * words in every language), so react-intl formats without parsing, and the browser
 * build leaves the ICU parser out (the alias below). Each is a chunk of its own in the browser: a
 * page loads its language only (`site-messages.ts`). Dev server and unit tests keep the strings and
 * the parser.
 */
function precompiledMessages(): Plugin {
  return {
    name: 'certhub:precompiled-messages',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (!id.startsWith(CATALOGUES_DIR)) return null;
      const locale = id.slice(CATALOGUES_DIR.length).replace(/\.ts$/, '');
      if (locale === 'suggestions') {
        const words = Object.fromEntries(
          Object.entries(CATALOGUES).map(([other, messages]) => [
            other,
            compileCatalogue(Object.fromEntries(SUGGESTION_KEYS.map((key) => [key, messages[key]])), other),
          ]),
        );
        return `export const SUGGESTION_WORDS = JSON.parse(${JSON.stringify(JSON.stringify(words))});`;
      }
      if (!(locale in CATALOGUES)) throw new Error(`${id}: add its catalogue to CATALOGUES in vite.config.ts`);
      const compiled = compileCatalogue(CATALOGUES[locale as Locale], locale);
      return `export const messages = JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
    },
  };
}

/** The module of one of codegen's documents, by name: `virtual:certhub-document/CatalogPageDocument`. */
const DOCUMENT_MODULE = 'virtual:certhub-document/';

/**
 * Each `graphql(`…`)` call replaced by the document codegen made of it, as the client preset's
 * Babel plugin does, and each document a module of its own (its object from `src/gql/graphql.ts`):
 * a chunk then holds its own documents only, not `gql.ts`'s map of every document of the site.
 */
function namedDocuments(): Plugin {
  let names: Map<string, string> | undefined;
  let documents: Map<string, string> | undefined;
  return {
    name: 'certhub:named-documents',
    apply: 'build',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(DOCUMENT_MODULE) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${DOCUMENT_MODULE}`)) return null;
      const name = id.slice(DOCUMENT_MODULE.length + 1);
      documents ??= generatedDocuments(readFileSync(`${GQL_DIR}graphql.ts`, 'utf8'));
      const document = documents.get(name);
      if (!document) throw new Error(`src/gql/graphql.ts has no document ${name}: run codegen.`);
      return `export const ${name} = ${document};`;
    },
    transform(code, id) {
      if (!/\.tsx?$/.test(id) || id.startsWith(GQL_DIR) || !code.includes('graphql(')) return null;
      names ??= generatedDocumentNames(readFileSync(`${GQL_DIR}gql.ts`, 'utf8'));
      const used = new Set<string>();
      const replaced = code.replace(/\bgraphql\(\s*`((?:[^`\\$]|\$(?!\{))*)`\s*,?\s*\)/g, (call: string, source: string) => {
        const name = names?.get(source);
        if (!name) throw new Error(`${id}: codegen made no document of graphql(\`${source.trim().slice(0, 60)}…\`)`);
        used.add(name);
        // The same lines as the call, so that the source map stays right.
        return name + '\n'.repeat(call.split('\n').length - 1);
      });
      if (/\bgraphql\(\s*`/.test(replaced))
        throw new Error(`${id}: a graphql(\`…\`) call this build cannot replace (\${…} or \\ in it)`);
      if (used.size === 0) return null;
      const imports = [...used].map((name) => `import { ${name} } from '${DOCUMENT_MODULE}${name}';`).join('');
      return { code: `${imports}${replaced}`, map: null };
    },
  };
}

/** `graphql.ts`'s documents, each on a line of its own: its export's name → its object, as JavaScript. */
function generatedDocuments(graphqlTs: string): Map<string, string> {
  const entries = [...graphqlTs.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm)];
  return new Map(entries.map(([, name = '', document = '']) => [name, document]));
}

const CLIENT_CHUNKS = 'virtual:client-chunks';

/**
 * `virtual:client-chunks` for the server bundle: what the browser build put in each chunk it loads
 * on demand (`import()`), as the module's path in `src/` → the files to preload for it (the chunk
 * and the chunks it imports that the page's entry does not, and their styles). Read from the browser build's
 * manifest, so the server bundle is built after it (`pnpm build`); empty outside a build.
 */
function clientChunks(readManifest: boolean): Plugin {
  return {
    name: 'certhub:client-chunks',
    resolveId: (id) => (id === CLIENT_CHUNKS ? `\0${CLIENT_CHUNKS}` : null),
    load(id) {
      if (id !== `\0${CLIENT_CHUNKS}`) return null;
      if (!readManifest) return 'export default {};';
      const manifestFile = fileURLToPath(new URL('./dist/.vite/manifest.json', import.meta.url));
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      const reachable = (key: string, into = new Set<string>()): Set<string> => {
        if (into.has(key)) return into;
        into.add(key);
        for (const imported of manifest[key]?.imports ?? []) reachable(imported, into);
        return into;
      };
      const withEntry = new Set(
        Object.keys(manifest)
          .filter((key) => manifest[key]?.isEntry)
          .flatMap((key) => [...reachable(key)]),
      );
      const chunks = Object.fromEntries(
        Object.entries(manifest)
          .filter(([, chunk]) => chunk.isDynamicEntry)
          .map(([key]) => {
            const own = [...reachable(key)].filter((k) => !withEntry.has(k)).map((k) => manifest[k]);
            return [key, own.flatMap((chunk) => (chunk ? [chunk.file, ...(chunk.css ?? [])] : [])).map((file) => `/${file}`)];
          }),
      );
      return `export default ${JSON.stringify(chunks)};`;
    },
  };
}

/**
 * The site's stylesheet written into `index.html` as a `<style>` instead of linked: a linked
 * stylesheet blocks the first paint until it has arrived, a request of its own on a first visit
 * (about 2 KB of brotli). The server allows exactly this text by its hash in the pages'
 * Content-Security-Policy (`readPageTemplate`), so the policy still refuses any other inline style.
 * The file stays in `assets/` (the manifest names it); no page links it.
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'certhub:inline-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        return html.replace(/<link rel="stylesheet"[^>]* href="\/([^"]+\.css)">/g, (_link, file: string) => {
          const asset = bundle?.[file];
          if (asset?.type !== 'asset') throw new Error(`index.html links ${file}, which this build did not make`);
          const css = String(asset.source);
          if (/<\/style/i.test(css)) throw new Error(`${file} holds "</style", which would end its inline <style> early`);
          return `<style>${css}</style>`;
        });
      },
    },
  };
}

/** `gql.ts`'s map of documents: each document's source text → the name of its export in `graphql.ts`. */
function generatedDocumentNames(gqlTs: string): Map<string, string> {
  const entries = [...gqlTs.matchAll(/^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),?$/gm)];
  if (entries.length === 0) throw new Error('src/gql/gql.ts has no map of documents: run codegen.');
  return new Map(entries.map(([, source = '""', name = '']) => [JSON.parse(source) as string, name]));
}

/**
 * The browser build's chunks, few and large: left to itself the bundler gives each module shared by
 * two pages a chunk of its own (the status words, query states, fields: a few hundred bytes each),
 * and each file costs a page a request and about 0.7 KB of response headers, and Lighthouse's
 * simulated first paint grows with the number of files. So what the entry loads is one chunk with
 * it, and what two or more pages share is one chunk, loaded whole by each (a few KB they may not
 * use). A page then loads the entry, the first chunk, its language (a chunk of its own: one
 * language per page), the shared chunk and its own.
 */
const CHUNK_GROUPS = [
  { name: 'app', tags: ['$initial' as const], priority: 2 },
  { name: 'shared', minShareCount: 2, priority: 1 },
];

export default defineConfig(({ command, isSsrBuild }) => ({
  plugins: [
    react(),
    precompiledMessages(),
    namedDocuments(),
    clientChunks(command === 'build' && Boolean(isSsrBuild)),
    inlineStylesheet(),
    // A brotli and a gzip copy of each file worth it, compressed hardest once here; the server sends the one the browser accepts.
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/, /\.vite\//] }),
  ],
  resolve: {
    // One React and one Apollo Client, also for the components of @certhub/web-ui.
    dedupe: ['react', 'react-dom', '@apollo/client', 'graphql'],
    // The browser build takes a package's ES2015 build where it has one: rxjs's (Apollo Client's
    // Observables) without ES5 classes and tslib's helpers, a quarter smaller.
    ...(command === 'build' && !isSsrBuild ? { conditions: ['es2015', ...defaultClientConditions] } : {}),
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
  // The browser build's manifest (`dist/.vite/`, not served) tells the server bundle which chunk holds what.
  build: {
    outDir: 'dist',
    sourcemap: true,
    manifest: !isSsrBuild,
    ...(isSsrBuild ? {} : { rolldownOptions: { output: { codeSplitting: { groups: CHUNK_GROUPS } } } }),
  },
  test: {
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    environment: 'happy-dom',
    // Every language's catalogue loaded before a test renders (the browser loads the page's own).
    setupFiles: ['src/i18n/load-all-catalogues.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
}));
