import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { type BenchDatabase, prepareSeedDatabase, prepareSyntheticDatabase } from './databases.js';
import { type ProbeResult, probeWholeCatalogue } from './graphql-request.js';
import { type Measurement, measure } from './load.js';
import { CEILING_SERVER, REPO_ROOT, RESULTS_FOLDER, SERVER_MAIN } from './paths.js';
import { peakRssMb } from './proc-stats.js';
import { type BenchReport, describeMachine, RATE_LIMIT_NOTE, renderMarkdown, writeReport } from './report.js';
import { bestRound, checkTargets, ROUND_CHOICE, ratiosTo, type ServerResult, type StatementCounts } from './results.js';
import { type BenchSettings, readBenchSettings } from './settings.js';

/**
 * `pnpm bench`: how fast the built server answers the whole-catalogue query, at the seed page's 16
 * programs and at 2,000, next to a bare node:http server answering the same bytes (the ceiling).
 * A report, not a test: it exits 0 whether or not the targets are met, and says which were MISSED.
 */
const LARGE_CATALOGUE_PROGRAMS = 2000;
const CPU_PROFILE_FOLDER = path.join(RESULTS_FOLDER, 'cpu-profiles');

/** A server under load, what the probe saw of it before, and what each round measured. */
interface Contender {
  server: ChildServer;
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
  const ceiling = await startCeiling(scratch, certhubSmall.probe, small.programCount);
  const contenders = [ceiling, certhubSmall.contender, certhubLarge.contender, uncachedSmall.contender];

  console.log(RATE_LIMIT_NOTE);
  await runRounds(contenders, settings);

  // Read before stopping: /proc forgets a process once it has exited.
  const results = contenders.map(resultOf);
  await Promise.all(contenders.map(({ server }) => server.stop()));
  await report(results, settings);
}

/** Every server once per round, in the same order each time, so slow drift hits them all alike. */
async function runRounds(contenders: Contender[], settings: BenchSettings): Promise<void> {
  for (let round = 1; round <= settings.rounds; round++) {
    for (const contender of contenders) {
      const measurement = await measure(contender.server, settings);
      contender.rounds.push(measurement);
      console.log(`  round ${round}/${settings.rounds}  ${contender.server.name.padEnd(24)} ${describeRun(measurement)}`);
    }
  }
}

/** Starts the built server over `database` and checks its answer to the query before any load. */
async function startCertHub(
  database: BenchDatabase,
  settings: BenchSettings,
  { uncached = false } = {},
): Promise<{ contender: Contender; probe: ProbeResult }> {
  const server = await startChildServer({
    name: `CertHub, ${database.programCount.toLocaleString('en-US')} programs${uncached ? ', no cache' : ''}`,
    script: SERVER_MAIN,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      SQL_STATEMENT_HEADER: 'true',
      ...(uncached ? { RESPONSE_CACHE_ENTRIES: '0' } : {}),
      // A fresh database needs a first admin to start; nobody signs in, so a throwaway one will do.
      ADMIN_EMAIL: 'bench@example.com',
      ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      // The per-address budget would refuse most of the load (it all comes from one address).
      RATE_LIMIT: 'off',
    },
    nodeFlags: settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_FOLDER}`] : [],
  });
  // The first answer reads the whole catalogue; later ones may come from the response cache.
  const probe = await probeCertHub(server, database.programCount);
  const warm = await probeCertHub(server, database.programCount);
  const contender: Contender = {
    server,
    programs: database.programCount,
    statementsPerRequest: { first: probe.statements ?? 0, repeated: warm.statements ?? 0 },
    rounds: [],
  };
  return { contender, probe };
}

/** One request before the load: the catalogue must be whole and the statement count must be there. */
async function probeCertHub(server: ChildServer, expectedPrograms: number): Promise<ProbeResult> {
  const probe = await probeWholeCatalogue(server.name, server.origin);
  if (probe.programs !== expectedPrograms) {
    throw new Error(`${server.name} returned ${probe.programs} programs for the whole catalogue, not ${expectedPrograms}.`);
  }
  if (probe.statements === null || Number.isNaN(probe.statements)) {
    throw new Error(`${server.name} sent no x-sql-statements header: does main.ts pass SQL_STATEMENT_HEADER on?`);
  }
  return probe;
}

/** The ceiling answers with CertHub's own bytes for the small catalogue, so both send the same. */
async function startCeiling(scratch: string, reference: ProbeResult, programs: number): Promise<Contender> {
  const bodyFile = path.join(scratch, 'ceiling-response.json');
  writeFileSync(bodyFile, reference.body);
  const server = await startChildServer({
    name: 'Ceiling (bare node:http)',
    script: CEILING_SERVER,
    env: { CEILING_BODY_FILE: bodyFile, CEILING_CONTENT_TYPE: reference.contentType },
  });
  const answer = await probeWholeCatalogue(server.name, server.origin);
  if (!answer.body.equals(reference.body) || answer.contentType !== reference.contentType) {
    throw new Error('The ceiling server does not answer with the same bytes and content type as CertHub.');
  }
  return { server, programs, statementsPerRequest: null, rounds: [] };
}

function resultOf({ server, programs, statementsPerRequest, rounds }: Contender): ServerResult {
  return {
    name: server.name,
    programs,
    statementsPerRequest,
    peakRssMb: peakRssMb(server.pid),
    rounds,
    reported: bestRound(rounds),
  };
}

async function report(results: ServerResult[], settings: BenchSettings): Promise<void> {
  const [ceiling, small, large] = results;
  if (!ceiling || !small || !large) throw new Error('Expected results for the ceiling and both catalogues.');
  const benchReport: BenchReport = {
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    settings,
    roundChoice: ROUND_CHOICE,
    rateLimits: RATE_LIMIT_NOTE,
    servers: results.map((result) => ({ ...result, ratiosToCeiling: ratiosTo(ceiling, result) })),
    targets: checkTargets(ceiling, small, large),
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
