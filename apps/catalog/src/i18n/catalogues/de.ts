import { de as domain } from '@certhub/domain/i18n/de';
import { de as site } from '../messages/de.js';

/** German, whole: the domain's words and the site's. A build compiles it (`vite.config.ts`); load it through `site-messages.ts`. */
export const messages = { ...domain, ...site };
