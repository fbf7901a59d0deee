import { z } from 'zod';

/**
 * Called by every module that builds zod schemas, before it builds them. Zod would compile its
 * object parsers with `new Function`, and first probes whether it may; under the web apps'
 * Content-Security-Policy (no `unsafe-eval`) even the probe is reported as a violation. The
 * interpreted parsers are plenty fast for forms.
 */
export function parseWithoutEval(): void {
  z.config({ jitless: true });
}
