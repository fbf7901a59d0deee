import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { type BenchDatabase, prepareSeedDatabase, prepareSyntheticDatabase } from './databases.js';
import { BENCH_ADMIN, checkFreshness } from './freshness.js';
import {
  type BenchRequest,
  conditionalGet,
  type ProbeResult,
  probeWholeCatalogue,
  WHOLE_CATALOGUE_GET,
  WHOLE_CATALOGUE_POST,
} from './graphql-request.js';
import { type Measurement, measure } from './load.js';
import { CEILING_SERVER, REPO_ROOT, RESULTS_FOLDER, SERVER_MAIN } from './paths.js';
import { peakRssMb } from './proc-stats.js';
import { type BenchReport, describeMachine, RATE_LIMIT_NOTE, renderMarkdown, writeReport } from './report.js';
import {
  bestRound,
  checkTargets,
  ROUND_CHOICE,
  ratiosTo,
  type ServerResult,
  type StatementCounts,
  type TargetCheck,
} from './results.js';
import { type BenchSettings, readBenchSettings } from './settings.js';

/**
 * `pnpm bench`: how fast the built server answers the whole-catalogue query, at the seed page's 16
 * programs and at 2,000, next to a bare node:http server answering the same bytes (the ceiling).
 * A report, not a test: it exits 0 whether or not the targets are met, and says which were MISSED.
 */
const LARGE_CATALOGUE_PROGRAMS = 2000;
const CPU_PROFILE_FOLDER = path.join(RESULTS_FOLDER, 'cpu-profiles');

/** A server under load with one request, what the probe saw of it before, and what each round measured. */
interface Contender {
  name: string;
  server: ChildServer;
  request: BenchRequest;
  programs: number;
  statementsPerRequest: StatementCounts | null;
  rounds: Measurement[];
}

async function main(): Promise<void> {
  const settings = readBenchSettings();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'certhub-bench-'));
  cleanUpOnExit(scratch);

  console.log(
    `Preparing the databases: the seed page's catalogue, and ${LARGE_CATALOGUE_PROGRAMS.toLocaleString('en-US')} programs…`,
  );
  const small = await prepareSeedDatabase(scratch);
  const large = await prepareSyntheticDatabase(scratch, LARGE_CATALOGUE_PROGRAMS);

  console.log('Starting the servers…');
  const certhubSmall = await startCertHub(small, settings);
  const certhubLarge = await startCertHub(large, settings);
  // For information: the same server answering every request from the database.
  const uncachedSmall = await startCertHub(small, settings, { uncached: true });
  const smallGet = await contender(certhubSmall, small, WHOLE_CATALOGUE_GET, 'GET');
  const smallConditional = await contender(
    certhubSmall,
    small,
    conditionalGet(smallGet.probe.etag ?? ''),
    'GET, If-None-Match → 304',
  );
  const smallPost = await contender(certhubSmall, small, WHOLE_CATALOGUE_POST, 'POST');
  const largeGet = await contender(certhubLarge, large, WHOLE_CATALOGUE_GET, 'GET');
  const largeConditional = await contender(
    certhubLarge,
    large,
    conditionalGet(largeGet.probe.etag ?? ''),
    'GET, If-None-Match → 304',
  );
  const uncachedPost = await contender(uncachedSmall, small, WHOLE_CATALOGUE_POST, 'POST');
  const ceiling = await startCeiling(scratch, smallGet.probe, smallPost.probe, small.programCount);
  const contenders = [
    ceiling,
    smallGet.contender,
    smallConditional.contender,
    smallPost.contender,
    largeGet.contender,
    largeConditional.contender,
    uncachedPost.contender,
  ];

  console.log(RATE_LIMIT_NOTE);
  await runRounds(contenders, settings);
  console.log('Checking that a write shows at once in cached answers…');
  const freshness = await checkFreshness(certhubSmall);

  // Read before stopping: /proc forgets a process once it has exited.
  const results = contenders.map(resultOf);
  await Promise.all([certhubSmall, certhubLarge, uncachedSmall, ceiling.server].map((server) => server.stop()));
  await report(results, freshness, settings);
}

/** Every contender once per round, in the same order each time, so slow drift hits them all alike. */
async function runRounds(contenders: Contender[], settings: BenchSettings): Promise<void> {
  for (let round = 1; round <= settings.rounds; round++) {
    for (const contender of contenders) {
      const measurement = await measure(contender.server, contender.request, settings);
      contender.rounds.push(measurement);
      console.log(`  round ${round}/${settings.rounds}  ${contender.name.padEnd(46)} ${describeRun(measurement)}`);
    }
  }
}

/** Starts the built server over `database`. */
function startCertHub(database: BenchDatabase, settings: BenchSettings, { uncached = false } = {}): Promise<ChildServer> {
  return startChildServer({
    name: `CertHub, ${database.programCount.toLocaleString('en-US')} programs${uncached ? ', no cache' : ''}`,
    script: SERVER_MAIN,
    env: {
      NODE_ENV: 'production',
      // Production requires the signed directory's key; a key for this run only.
      DIRECTORY_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      DATABASE_URL: database.url,
      SQL_STATEMENT_HEADER: 'true',
      ...(uncached ? { RESPONSE_CACHE_ENTRIES: '0' } : {}),
      // A fresh database needs a first admin to start; the freshness check signs in with it.
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      // The per-address budget would refuse most of the load (it all comes from one address).
      RATE_LIMIT: 'off',
    },
    nodeFlags: settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_FOLDER}`] : [],
  });
}

/** A request against a server, checked before any load: the first answer reads the database, the next may come from the cache. */
async function contender(
  server: ChildServer,
  database: BenchDatabase,
  request: BenchRequest,
  label: string,
): Promise<{ contender: Contender; probe: ProbeResult }> {
  const name = `${server.name}, ${label}`;
  const probe = await probeCertHub(name, server, request, database.programCount);
  const warm = await probeCertHub(name, server, request, database.programCount);
  return {
    contender: {
      name,
      server,
      request,
      programs: database.programCount,
      statementsPerRequest: { first: probe.statements ?? 0, repeated: warm.statements ?? 0 },
      rounds: [],
    },
    probe,
  };
}

/** One request before the load: the catalogue must be whole and the statement count must be there. */
async function probeCertHub(
  name: string,
  server: ChildServer,
  request: BenchRequest,
  expectedPrograms: number,
): Promise<ProbeResult> {
  const probe = await probeWholeCatalogue(name, server.origin, request);
  if (request.status === 200 && probe.programs !== expectedPrograms) {
    throw new Error(`${name} returned ${probe.programs} programs for the whole catalogue, not ${expectedPrograms}.`);
  }
  if (probe.statements === null || Number.isNaN(probe.statements)) {
    throw new Error(`${name} sent no x-sql-statements header: does main.ts pass SQL_STATEMENT_HEADER on?`);
  }
  return probe;
}

/** The ceiling answers with CertHub's own bytes for the small catalogue, so both send the same. */
async function startCeiling(scratch: string, get: ProbeResult, post: ProbeResult, programs: number): Promise<Contender> {
  const getBodyFile = path.join(scratch, 'ceiling-get-response.json');
  const postBodyFile = path.join(scratch, 'ceiling-post-response.json');
  writeFileSync(getBodyFile, get.body);
  writeFileSync(postBodyFile, post.body);
  const server = await startChildServer({
    name: 'Ceiling (bare node:http)',
    script: CEILING_SERVER,
    env: { CEILING_GET_BODY_FILE: getBodyFile, CEILING_POST_BODY_FILE: postBodyFile, CEILING_CONTENT_TYPE: get.contentType },
  });
  for (const [request, reference] of [
    [WHOLE_CATALOGUE_GET, get],
    [WHOLE_CATALOGUE_POST, post],
  ] as const) {
    const answer = await probeWholeCatalogue(server.name, server.origin, request);
    if (!answer.body.equals(reference.body) || answer.contentType !== reference.contentType) {
      throw new Error('The ceiling server does not answer with the same bytes and content type as CertHub.');
    }
  }
  return { name: `${server.name}, GET`, server, request: WHOLE_CATALOGUE_GET, programs, statementsPerRequest: null, rounds: [] };
}

function resultOf({ name, server, programs, statementsPerRequest, rounds }: Contender): ServerResult {
  return {
    name,
    programs,
    statementsPerRequest,
    peakRssMb: peakRssMb(server.pid),
    rounds,
    reported: bestRound(rounds),
  };
}

async function report(results: ServerResult[], freshness: TargetCheck, settings: BenchSettings): Promise<void> {
  const [ceiling, smallGet, smallConditional, smallPost, largeGet] = results;
  if (!ceiling || !smallGet || !smallConditional || !smallPost || !largeGet)
    throw new Error('Expected results for every contender.');
  const benchReport: BenchReport = {
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    settings,
    roundChoice: ROUND_CHOICE,
    rateLimits: RATE_LIMIT_NOTE,
    servers: results.map((result) => ({ ...result, ratiosToCeiling: ratiosTo(ceiling, result) })),
    targets: [...checkTargets({ ceiling, smallGet, smallConditional, smallPost, largeGet }), freshness],
  };
  const markdown = renderMarkdown(benchReport);
  const files = await writeReport(benchReport, markdown);
  console.log(`\n${markdown}`);
  console.log(`Written to ${files.map((file) => path.relative(REPO_ROOT, file)).join(' and ')}.`);
  if (settings.cpuProfile) console.log(`CPU profiles of the CertHub servers: ${path.relative(REPO_ROOT, CPU_PROFILE_FOLDER)}/`);
}

function describeRun({ requestsPerSecond, p50Ms, p99Ms, failures }: Measurement): string {
  const failed = failures > 0 ? `  ${failures} FAILED` : '';
  return `${requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${p50Ms ?? '–'} ms  p99 ${p99Ms ?? '–'} ms${failed}`;
}

main().catch((error: unknown) => {
  // The stack, not the whole object: a failed SQL error carries its (possibly huge) query along.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
