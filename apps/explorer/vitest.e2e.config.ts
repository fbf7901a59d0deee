import { browserTestConfig } from '@certhub/e2e-support/browser-test-config';

/** Browser tests: the built server and app, a real database, Debian's chromium. */
export default browserTestConfig();
