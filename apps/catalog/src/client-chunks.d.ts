declare module 'virtual:client-chunks' {
  /**
   * The browser build's chunks loaded on demand, by module (`src/i18n/catalogues/de.ts`): the files
   * to preload for it, as absolute paths. Made from the build's manifest (`vite.config.ts`); empty
   * outside the server bundle.
   */
  const chunks: Readonly<Record<string, readonly string[]>>;
  export default chunks;
}
