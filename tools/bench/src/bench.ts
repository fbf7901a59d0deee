import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChildServer, runSigningKey, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { type BenchDatabase, prepareSeedDatabase, prepareSeedDatabaseOnPostgres, prepareSyntheticDatabase } from './databases.js';
import { BENCH_ADMIN, checkFreshness, createApiKey, signIn } from './freshness.js';
import {
  type BenchRequest,
  conditionalGet,
  type ProbeResult,
  probeWholeCatalog,
  WHOLE_CATALOG_FRESH_POST,
  WHOLE_CATALOG_GET,
  WHOLE_CATALOG_POST,
  withHeaders,
} from './graphql-request.js';
import { type Measurement, measure } from './load.js';
import { checkPageTarget, PAGE_GET, type PageProbe, pageCeilingEnv, probePage } from './page-row.js';
import { CEILING_SERVER, REPO_ROOT, RESULTS_FOLDER, SERVER_ENV, SERVER_MAIN, SERVER_NODE_FLAGS } from './paths.js';
import { peakRssMb } from './proc-stats.js';
import { checkExecutedPath, checkExecutedPathMemory, startReference } from './reference.js';
import { type BenchReport, describeMachine, RATE_LIMIT_NOTE, renderMarkdown, writeReport } from './report.js';
import {
  bestRound,
  checkCallerTargets,
  checkPeakRss,
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
const LARGE_CATALOG_PROGRAMS = 2000;
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
    `Preparing the databases: the seed page's catalogue, and ${LARGE_CATALOG_PROGRAMS.toLocaleString('en-US')} programs…`,
  );
  const small = await prepareSeedDatabase(scratch);
  const large = await prepareSyntheticDatabase(scratch, LARGE_CATALOG_PROGRAMS);

  const postgres = settings.postgresUrl ? await prepareSeedDatabaseOnPostgres(settings.postgresUrl) : null;

  console.log('Starting the servers…');
  const certhubSmall = await startCertHub(small, settings);
  const certhubLarge = await startCertHub(large, settings);
  // The executed path: the same server with the response cache off, every request executed.
  const uncachedSmall = await startCertHub(small, settings, { uncached: true });
  const uncachedLarge = await startCertHub(large, settings, { uncached: true });
  // Staff sessions and fresh variables run the executed path behind the cache: in processes of
  // their own, so that their memory does not count in the cached rows' peak RSS.
  const executingSmall = await startCertHub(small, settings, { label: 'staff and fresh variables' });
  const executingLarge = await startCertHub(large, settings, { label: 'staff and fresh variables' });
  const certhubPostgres = postgres
    ? await startCertHub(postgres, settings, { redisUrl: settings.redisUrl, label: 'PostgreSQL + Redis' })
    : null;
  // Made before any probe: creating a key moves the catalogue revision.
  const smallCaller = { apiKey: await apiKeyHeader(certhubSmall), staff: { cookie: await signIn(executingSmall) } };
  const largeCaller = { apiKey: await apiKeyHeader(certhubLarge), staff: { cookie: await signIn(executingLarge) } };
  const smallGet = await contender(certhubSmall, small, WHOLE_CATALOG_GET, 'GET');
  const smallConditional = await contender(
    certhubSmall,
    small,
    conditionalGet(smallGet.probe.etag ?? ''),
    'GET, If-None-Match → 304',
  );
  const smallApiKey = await contender(certhubSmall, small, withHeaders(WHOLE_CATALOG_GET, smallCaller.apiKey), API_KEY_LABEL);
  const smallPost = await contender(certhubSmall, small, WHOLE_CATALOG_POST, 'POST');
  const largeGet = await contender(certhubLarge, large, WHOLE_CATALOG_GET, 'GET');
  const largeConditional = await contender(
    certhubLarge,
    large,
    conditionalGet(largeGet.probe.etag ?? ''),
    'GET, If-None-Match → 304',
  );
  const largeApiKey = await contender(certhubLarge, large, withHeaders(WHOLE_CATALOG_GET, largeCaller.apiKey), API_KEY_LABEL);
  const uncachedPost = await contender(uncachedSmall, small, WHOLE_CATALOG_POST, 'POST');
  const uncachedLargePost = await contender(uncachedLarge, large, WHOLE_CATALOG_POST, 'POST');
  const callers = [
    ...(await executingCallers(executingSmall, small, smallCaller.staff)),
    ...(await executingCallers(executingLarge, large, largeCaller.staff)),
  ];
  const postgresGet = certhubPostgres && postgres ? await contender(certhubPostgres, postgres, WHOLE_CATALOG_GET, 'GET') : null;
  const page = await probePage(certhubSmall.origin);
  const ceiling = await startCeiling(scratch, smallGet.probe, smallPost.probe, small.programCount, page);
  // The page row has a ceiling of its own, the same server answering `GET /`, measured just before it.
  const pageCeiling: Contender = { ...ceiling, name: `${ceiling.server.name}, GET /`, request: PAGE_GET, rounds: [] };
  const pageGet: Contender = {
    name: `${certhubSmall.name}, GET / (the page)`,
    server: certhubSmall,
    request: PAGE_GET,
    programs: small.programCount,
    statementsPerRequest: null,
    rounds: [],
  };
  // What type-graphql on Apollo Server does with the same data in memory: the executed path's yardstick.
  const references = [
    referenceContender(await startReference(scratch, uncachedPost.probe, small.programCount), small.programCount),
    referenceContender(await startReference(scratch, uncachedLargePost.probe, large.programCount), large.programCount),
  ];
  // A row checked against another is measured in the same round within seconds of it (see `pairedRatio`);
  // the API-key row, whose target has the least room, right after the anonymous GET it is held to.
  const contenders = [
    ceiling,
    smallGet.contender,
    smallApiKey.contender,
    smallConditional.contender,
    ...(postgresGet ? [postgresGet.contender] : []),
    smallPost.contender,
    largeGet.contender,
    largeApiKey.contender,
    largeConditional.contender,
    uncachedPost.contender,
    pageCeiling,
    pageGet,
    references[0] as Contender,
    uncachedLargePost.contender,
    references[1] as Contender,
    ...callers,
  ];

  const measured = chosenRows(contenders, settings);
  console.log(RATE_LIMIT_NOTE);
  await runRounds(measured, settings);
  console.log('Checking that a write shows at once in cached answers…');
  const freshness = await checkFreshness(certhubSmall);

  // Read before stopping: /proc forgets a process once it has exited.
  const results = measured.map(resultOf);
  const servers = [
    ...[certhubSmall, certhubLarge, uncachedSmall, uncachedLarge, executingSmall, executingLarge],
    ...[certhubPostgres, ceiling.server, ...references.map((reference) => reference.server)],
  ];
  await Promise.all(servers.map((server) => server?.stop()));
  await postgres?.drop();
  if (measured !== contenders) {
    // A subset: the targets that compare rows are left out; each measured row's memory still counts.
    await report(results, [freshness, checkPeakRss(results.slice(1))], settings);
    return;
  }
  const resultOfRow = (row: Contender) => results[contenders.indexOf(row)] as ServerResult;
  const rowChecks = checkTargets({
    ceiling: resultOfRow(ceiling),
    smallGet: resultOfRow(smallGet.contender),
    smallConditional: resultOfRow(smallConditional.contender),
    smallPost: resultOfRow(smallPost.contender),
    largeGet: resultOfRow(largeGet.contender),
  });
  const callerChecks = checkCallerTargets({
    apiKeyPairs: [
      [resultOfRow(smallGet.contender), resultOfRow(smallApiKey.contender)],
      [resultOfRow(largeGet.contender), resultOfRow(largeApiKey.contender)],
    ],
    postgresPair: postgresGet ? [resultOfRow(smallGet.contender), resultOfRow(postgresGet.contender)] : null,
    every: results.slice(1),
  });
  const executedChecks = [
    [uncachedPost.contender, references[0]],
    [uncachedLargePost.contender, references[1]],
  ].flatMap(([row, reference]) => {
    const executed = resultOfRow(row as Contender);
    return [checkExecutedPath(executed, resultOfRow(reference as Contender)), checkExecutedPathMemory(executed)];
  });
  const pageCheck = checkPageTarget(resultOfRow(pageCeiling), resultOfRow(pageGet), page);
  await report(results, [...rowChecks, ...executedChecks, pageCheck, freshness, ...callerChecks], settings);
}

const API_KEY_LABEL = 'GET with an API key';

/** What an API-key client sends: a key made for the benchmark by its admin. */
async function apiKeyHeader(server: ChildServer): Promise<Record<string, string>> {
  const key = await createApiKey(server, await signIn(server));
  return { authorization: `Bearer ${key}` };
}

/**
 * The rows of issue 16 at one catalogue size that run the executed path behind the cache: a
 * signed-in staff session reading the catalogue and a query with fresh variables each time, each a
 * whole-catalogue read (the executed path's rows, cache off, are the reference's pairs).
 */
async function executingCallers(
  server: ChildServer,
  database: BenchDatabase,
  staffHeaders: Record<string, string>,
): Promise<Contender[]> {
  const rows = [
    [withHeaders(WHOLE_CATALOG_POST, staffHeaders), 'POST, signed-in staff'],
    [WHOLE_CATALOG_FRESH_POST, 'POST, fresh variables each time'],
  ] as const;
  const contenders: Contender[] = [];
  for (const [request, label] of rows) contenders.push((await contender(server, database, request, label)).contender);
  return contenders;
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
function startCertHub(
  database: BenchDatabase,
  settings: BenchSettings,
  { uncached = false, redisUrl = null as string | null, label = '' } = {},
): Promise<ChildServer> {
  return startChildServer({
    name: `CertHub${label ? ` (${label})` : ''}, ${database.programCount.toLocaleString('en-US')} programs${uncached ? ', no cache' : ''}`,
    script: SERVER_MAIN,
    env: {
      ...SERVER_ENV,
      NODE_ENV: 'production',
      DIRECTORY_SIGNING_KEY: runSigningKey(),
      DATABASE_URL: database.url,
      SQL_STATEMENT_HEADER: 'true',
      ...(uncached ? { RESPONSE_CACHE_ENTRIES: '0' } : {}),
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `certhub-bench-${process.pid}:` } : {}),
      // A fresh database needs a first admin to start; the freshness check signs in with it.
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      // The per-address budget would refuse most of the load (it all comes from one address).
      RATE_LIMIT: 'off',
    },
    nodeFlags: [...SERVER_NODE_FLAGS, ...(settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_FOLDER}`] : [])],
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
  const probe = await probeWholeCatalog(name, server.origin, request);
  if (request.status === 200 && probe.programs !== expectedPrograms) {
    throw new Error(`${name} returned ${probe.programs} programs for the whole catalogue, not ${expectedPrograms}.`);
  }
  if (probe.statements === null || Number.isNaN(probe.statements)) {
    throw new Error(`${name} sent no x-sql-statements header: does main.ts pass SQL_STATEMENT_HEADER on?`);
  }
  return probe;
}

/** The ceiling answers with CertHub's own bytes for the small catalogue, so both send the same. */
async function startCeiling(
  scratch: string,
  get: ProbeResult,
  post: ProbeResult,
  programs: number,
  page: PageProbe,
): Promise<Contender> {
  const getBodyFile = path.join(scratch, 'ceiling-get-response.json');
  const postBodyFile = path.join(scratch, 'ceiling-post-response.json');
  writeFileSync(getBodyFile, get.body);
  writeFileSync(postBodyFile, post.body);
  const server = await startChildServer({
    name: 'Ceiling (bare node:http)',
    script: CEILING_SERVER,
    env: {
      CEILING_GET_BODY_FILE: getBodyFile,
      CEILING_POST_BODY_FILE: postBodyFile,
      CEILING_CONTENT_TYPE: get.contentType,
      ...pageCeilingEnv(scratch, page),
    },
  });
  const ceilingPage = await probePage(server.origin);
  if (!ceilingPage.body.equals(page.body))
    throw new Error('The ceiling server does not answer GET / with the same bytes as CertHub.');
  for (const [request, reference] of [
    [WHOLE_CATALOG_GET, get],
    [WHOLE_CATALOG_POST, post],
  ] as const) {
    const answer = await probeWholeCatalog(server.name, server.origin, request);
    if (!answer.body.equals(reference.body) || answer.contentType !== reference.contentType) {
      throw new Error('The ceiling server does not answer with the same bytes and content type as CertHub.');
    }
  }
  return { name: `${server.name}, GET`, server, request: WHOLE_CATALOG_GET, programs, statementsPerRequest: null, rounds: [] };
}

function referenceContender(server: ChildServer, programs: number): Contender {
  return {
    name: `${server.name}, POST`,
    server,
    request: WHOLE_CATALOG_POST,
    programs,
    statementsPerRequest: null,
    rounds: [],
  };
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

/** Every row, or with BENCH_ROWS those it names and the ceiling (the first row, which each is paired with). */
function chosenRows(contenders: Contender[], { rows }: BenchSettings): Contender[] {
  if (!rows) return contenders;
  const [ceiling, ...others] = contenders as [Contender, ...Contender[]];
  const chosen = others.filter((contender) => rows.some((word) => contender.name.toLowerCase().includes(word)));
  if (!chosen.length)
    throw new Error(`BENCH_ROWS names none of the rows:\n${others.map((contender) => `  ${contender.name}`).join('\n')}`);
  return [ceiling, ...chosen];
}

async function report(results: ServerResult[], checks: TargetCheck[], settings: BenchSettings): Promise<void> {
  const [ceiling] = results;
  if (!ceiling) throw new Error('Expected a result for the ceiling.');
  const benchReport: BenchReport = {
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    settings,
    roundChoice: ROUND_CHOICE,
    rateLimits: RATE_LIMIT_NOTE,
    servers: results.map((result) => ({ ...result, ratiosToCeiling: ratiosTo(ceiling, result) })),
    targets: checks,
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
