import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import type { BenchRequest } from './graphql-request.js';
import { CACHED_READ_TARGET, pairedRatio, type ServerResult, type TargetCheck } from './results.js';

/**
 * The public site's first page, `GET /`, as a browser asks for it again and again (anonymous,
 * HTML, compressed), against the ceiling answering the very bytes and headers CertHub sent: issue
 * 15's "a repeated anonymous GET / answered from the cache at ≥ 0.5× the ceiling".
 */
export const PAGE_GET: BenchRequest = {
  method: 'GET',
  path: '/',
  headers: {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br, zstd',
  },
  status: 200,
};

/** What CertHub answered to `PAGE_GET`: the bytes as sent (compressed) and the headers a browser needs of them. */
export interface PageProbe {
  body: Buffer;
  headers: Record<string, string>;
}

/** `GET /` once, the bytes kept as they came over the wire (fetch would decompress them). */
export function probePage(origin: string): Promise<PageProbe> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${origin}${PAGE_GET.path}`, { headers: PAGE_GET.headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        if (incoming.statusCode !== 200) return reject(new Error(`GET / answered ${incoming.statusCode}.`));
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'content-encoding', 'vary', 'cache-control', 'etag']) {
          const value = incoming.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        resolve({ body: Buffer.concat(chunks), headers });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Where the ceiling finds the page (its env): the bytes in a file, the headers as JSON. */
export function pageCeilingEnv(scratch: string, page: PageProbe): Record<string, string> {
  const bodyFile = path.join(scratch, 'ceiling-page');
  writeFileSync(bodyFile, page.body);
  return { CEILING_PAGE_BODY_FILE: bodyFile, CEILING_PAGE_HEADERS: JSON.stringify(page.headers) };
}

/** The page's target, paired with the ceiling's `GET /` measured just before it in each round. */
export function checkPageTarget(ceiling: ServerResult, page: ServerResult, probe: PageProbe): TargetCheck {
  const ratio = pairedRatio(ceiling, page);
  const what = `${probe.body.length.toLocaleString('en-US')} bytes${probe.headers['content-encoding'] ? ` in ${probe.headers['content-encoding']}` : ''}`;
  return {
    target: `A repeated anonymous GET / (the public site's page, ${what}) serves ≥ ${CACHED_READ_TARGET}× the ceiling's req/s serving the same bytes (median of the rounds' paired ratios)`,
    met: ratio === null ? null : ratio >= CACHED_READ_TARGET,
    actual:
      ratio === null
        ? 'not measured'
        : `${ratio.toFixed(3)}× (rounds: ${page.rounds.map((round, index) => `${(round.requestsPerSecond / (ceiling.rounds[index]?.requestsPerSecond ?? Number.NaN)).toFixed(3)}×`).join(', ')})`,
  };
}
