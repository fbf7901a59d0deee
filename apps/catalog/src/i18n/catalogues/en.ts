import { en as domain } from '@certhub/domain/i18n/en';
import { en as site } from '../messages/en.js';

/** English, whole: the domain's words and the site's. A build compiles it (`vite.config.ts`); load it through `site-messages.ts`. */
export const messages = { ...domain, ...site };
