import { LOCALES } from '@certhub/domain/i18n/locales';
import { loadSiteMessages } from './site-messages.js';

// Every language at hand before anything renders: the unit tests' setup (`vite.config.ts`), where a
// component renders at once, as on the server (`entry-server.tsx` loads them all before a page).
await Promise.all(LOCALES.map(loadSiteMessages));
