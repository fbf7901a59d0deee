import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChildServer, runSigningKey, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { REPO_ROOT, SERVER_ENV, SERVER_MAIN, SERVER_NODE_FLAGS } from './paths.js';
import { cpuTimeMs, peakRssMb } from './proc-stats.js';
import { describeMachine, writeResults } from './report.js';
import { SoakClient } from './soak-client.js';
import { freshDatabase, type SoakDatabase } from './soak-database.js';
import { type DriveResult, driveMix } from './soak-driver.js';
import { compareGrownWithFresh, type GrowthFigures, type MixTarget } from './soak-growth.js';
import { SoakRecorder } from './soak-recorder.js';
import {
  checkSoakTargets,
  type RssFigures,
  renderSoakMarkdown,
  type SoakReport,
  type SubscriptionFigures,
} from './soak-report.js';
import { readSoakSettings, type SoakSettings } from './soak-settings.js';
import { LongLivedSubscribers, subscriptionChurn, subscriptionSupport } from './soak-subscriptions.js';
import { applications, type LoadKind, prepareCatalog, publicReads, staffWrites } from './soak-workload.js';

/**
 * `pnpm bench:soak`: SOAK_MINUTES (10 by default) of mixed load on the built server over loopback:
 * public reads, staff edits, applications and, when the build has them, subscriptions. Then the
 * soaked server against a fresh one in alternating windows (`soak-growth.ts`). Reports the errors
 * (target 0), p99 latency over time, RSS after the warm-up and at the end (growth under 10 %) and
 * its peak, and the soaked server's throughput as a share of the fresh one's (at least 0.95). A
 * report, not a test: it exits 0 whether or not the targets are met.
 */

/** After the load: time for the subscribers to hear of the last status changes (the change stream polls). */
const SETTLE_MS = 3_000;
/** How long the fresh server runs the mix before the comparison's first window. */
const FRESH_WARM_UP_MS = 60_000;

async function main(): Promise<void> {
  const settings = readSoakSettings();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'certhub-soak-'));
  cleanUpOnExit(scratch);
  const database = await freshDatabase(scratch, settings.postgresUrl);
  try {
    await soak(settings, database, scratch);
  } finally {
    await database.drop();
  }
}

/** A started server with the soak's mix pointed at it. */
interface SoakTarget {
  server: ChildServer;
  database: SoakDatabase;
  kinds: LoadKind[];
  statusChanges(): number;
  subscribers: LongLivedSubscribers | null;
  subscriptionNote: string;
  subscriptionsAvailable: boolean;
}

async function startTarget(settings: SoakSettings, database: SoakDatabase): Promise<SoakTarget> {
  const admin = { email: 'soak@example.com', password: randomBytes(18).toString('base64url') };
  console.log(`Starting the server on a fresh ${database.engine} database…`);
  const server = await startChildServer({
    name: 'CertHub',
    script: SERVER_MAIN,
    nodeFlags: SERVER_NODE_FLAGS,
    env: {
      ...SERVER_ENV,
      NODE_ENV: 'production',
      DIRECTORY_SIGNING_KEY: runSigningKey(),
      DATABASE_URL: database.url,
      // Each server with its own database has its own Redis keys and change channel: sharing them, each would
      // take the other's changes for its own instances' and look at its database on every one.
      ...(process.env.REDIS_URL
        ? { REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX?.trim() || 'certhub:'}${database.name}:` }
        : {}),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // The soak is one client sending far more than any budget allows: limits would only refuse it.
      RATE_LIMIT: 'off',
      APPLICATIONS_PER_HOUR: '0',
      // Its subscribers and churning subscriptions all come from this one address.
      WS_MAX_CONNECTIONS_PER_CLIENT: '1000000',
    },
  });

  const reader = new SoakClient(server.origin);
  const staff = new SoakClient(server.origin);
  await staff.signIn(admin.email, admin.password);
  const catalog = await prepareCatalog(reader, staff);
  const support = await subscriptionSupport(reader);
  console.log(`${catalog.programs.length} programs; ${support.note}.`);

  const subscribers = support.available && settings.subscribers > 0 ? new LongLivedSubscribers() : null;
  await subscribers?.start(server.origin, settings.subscribers);
  const writes = staffWrites(staff, catalog);
  return {
    server,
    database,
    kinds: [
      ...publicReads(reader, catalog),
      writes.kind,
      applications(reader, catalog, randomBytes(3).toString('hex')),
      ...(support.available ? [subscriptionChurn(server.origin, catalog)] : []),
    ],
    statusChanges: writes.statusChanges,
    subscribers,
    subscriptionNote: support.note,
    subscriptionsAvailable: support.available,
  };
}

async function soak(settings: SoakSettings, database: SoakDatabase, scratch: string): Promise<void> {
  const soaked = await startTarget(settings, database);
  const { server, kinds, subscribers } = soaked;
  const recorder = new SoakRecorder(kinds.map((kind) => kind.name));

  console.log(`Driving ${settings.minutes} min of load, ${settings.concurrency} requests in flight…`);
  const drive = await driveMix(kinds, recorder, {
    concurrency: settings.concurrency,
    durationMs: settings.minutes * 60_000,
    pid: server.pid,
  });
  const growth = settings.growthRounds > 0 ? await growthAgainstFresh(settings, scratch, soaked) : null;

  if (subscribers) await sleep(SETTLE_MS);
  const eventCounts = subscribers?.eventCounts() ?? [];
  await subscribers?.stop();
  // Read before stopping: /proc forgets a process once it has exited.
  const peakMb = peakRssMb(server.pid);
  await server.stop();

  const subscriptions: SubscriptionFigures = {
    available: soaked.subscriptionsAvailable,
    note: soaked.subscriptionNote,
    subscribers: subscribers ? settings.subscribers : 0,
    statusChanges: soaked.statusChanges(),
    eventsMin: eventCounts.length ? Math.min(...eventCounts) : null,
    eventsMax: eventCounts.length ? Math.max(...eventCounts) : null,
    failures: subscribers?.failures ?? [],
  };
  const caveats = await database.caveats();
  await report({ settings, engine: database.engine, caveats, kinds, recorder, drive, growth, subscriptions, peakMb });
}

/** What the comparison with a fresh server found, and what went wrong meanwhile (counted as the run's errors). */
interface GrowthPhase {
  figures: GrowthFigures;
  recorders: SoakRecorder[];
  failures: string[];
}

/** The soaked server against a fresh one, in alternating windows (`soak-growth.ts`). */
async function growthAgainstFresh(settings: SoakSettings, scratch: string, soaked: SoakTarget): Promise<GrowthPhase> {
  const windowMs = settings.growthWindowSeconds * 1000;
  // A minute, as the soak's own first interval is, or the whole soak when it is shorter (a smoke run).
  const warmUpMs = Math.min(FRESH_WARM_UP_MS, settings.minutes * 60_000);
  console.log(
    `\nThe soaked server against a fresh one: ${settings.growthRounds} pairs of ${settings.growthWindowSeconds} s windows ` +
      `after the fresh one's ${(warmUpMs / 1000).toFixed(0)} s warm-up…`,
  );
  const database = await freshDatabase(scratch, settings.postgresUrl, 'fresh');
  try {
    const fresh = await startTarget(settings, database);
    try {
      const names = soaked.kinds.map((kind) => kind.name);
      const grown = { kinds: soaked.kinds, recorder: new SoakRecorder(names), cpuMs: cpuOf(soaked) };
      const young = { kinds: fresh.kinds, recorder: new SoakRecorder(names), cpuMs: cpuOf(fresh) };
      const figures = await compareGrownWithFresh(grown, young, {
        rounds: settings.growthRounds,
        windowMs,
        warmUpMs,
        concurrency: settings.concurrency,
      });
      return { figures, recorders: [grown.recorder, young.recorder], failures: fresh.subscribers?.failures ?? [] };
    } finally {
      await fresh.subscribers?.stop();
      await fresh.server.stop();
    }
  } finally {
    await database.drop();
  }
}

function cpuOf(target: SoakTarget): MixTarget['cpuMs'] {
  return async () => ({ server: cpuTimeMs(target.server.pid), database: await target.database.backendCpuMs() });
}

interface Findings {
  settings: SoakSettings;
  engine: string;
  caveats: string[];
  kinds: LoadKind[];
  recorder: SoakRecorder;
  drive: DriveResult;
  growth: GrowthPhase | null;
  subscriptions: SubscriptionFigures;
  peakMb: number | null;
}

async function report(findings: Findings): Promise<void> {
  const { settings, engine, caveats, kinds, recorder, drive, growth, subscriptions, peakMb } = findings;
  const totals = recorder.totalsByKind();
  const sum = (pick: (outcomes: (typeof totals)[number]['outcomes']) => number) =>
    totals.reduce((count, kind) => count + pick(kind.outcomes), 0);
  // The comparison's windows are part of the run: what failed in them counts, on either server.
  const recorders = [recorder, ...(growth?.recorders ?? [])];
  const failures = [...subscriptions.failures, ...(growth?.failures ?? [])];
  const errors = recorders.reduce((count, each) => count + each.errors, 0) + failures.length;
  const problems = new Map<string, number>();
  for (const [problem, count] of recorders.flatMap((each) => [...each.examples])) {
    problems.set(problem, (problems.get(problem) ?? 0) + count);
  }
  const rss = rssFigures(drive, peakMb);
  const { postgresUrl: _postgresUrl, ...shownSettings } = settings;
  const soakReport: SoakReport = {
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    settings: shownSettings,
    database: engine,
    caveats,
    durationSeconds: drive.durationSeconds,
    intervalSeconds: drive.intervalSeconds,
    mix: kinds.map(({ name, weight }) => ({ kind: name, weight })),
    subscriptions,
    intervals: drive.intervals,
    growth: growth?.figures ?? null,
    kinds: totals,
    errors,
    conflicts: sum((outcomes) => outcomes.conflict),
    refused: sum((outcomes) => outcomes.refused),
    rss,
    problems: [
      ...[...problems].map(([problem, count]) => ({ problem, count })),
      ...failures.map((problem) => ({ problem, count: 1 })),
    ],
    targets: checkSoakTargets(errors, rss, growth?.figures ?? null),
  };
  const markdown = renderSoakMarkdown(soakReport);
  const files = await writeResults('soak', soakReport, markdown);
  console.log(`\n${markdown}`);
  console.log(`Written to ${files.map((file) => path.relative(REPO_ROOT, file)).join(' and ')}.`);
}

/** RSS at the end of the warm-up (the first interval) and of the run; growth between them. */
function rssFigures(drive: DriveResult, peakMb: number | null): RssFigures {
  const startMb = drive.intervals[0]?.rssMb ?? null;
  const endMb = drive.intervals.at(-1)?.rssMb ?? null;
  const growthPercent = startMb === null || endMb === null || startMb === 0 ? null : ((endMb - startMb) / startMb) * 100;
  return { startMb, endMb, growthPercent, peakMb };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
