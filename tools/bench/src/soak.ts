import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSigningKey, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { REPO_ROOT, SERVER_ENV, SERVER_MAIN, SERVER_NODE_FLAGS } from './paths.js';
import { peakRssMb } from './proc-stats.js';
import { describeMachine, writeResults } from './report.js';
import { SoakClient } from './soak-client.js';
import { freshDatabase, type SoakDatabase } from './soak-database.js';
import { type DriveResult, driveMix } from './soak-driver.js';
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
 * public reads, staff edits, applications and, when the build has them, subscriptions. Reports the
 * errors (target 0), p99 latency over time, and RSS after the warm-up and at the end (growth under
 * 10 %). A report, not a test: it exits 0 whether or not the targets are met.
 */

/** After the load: time for the subscribers to hear of the last status changes (the change stream polls). */
const SETTLE_MS = 3_000;

async function main(): Promise<void> {
  const settings = readSoakSettings();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'certhub-soak-'));
  cleanUpOnExit(scratch);
  const database = await freshDatabase(scratch, settings.postgresUrl);
  try {
    await soak(settings, database);
  } finally {
    await database.drop();
  }
}

async function soak(settings: SoakSettings, database: SoakDatabase): Promise<void> {
  const { engine } = database;
  const admin = { email: 'soak@example.com', password: randomBytes(18).toString('base64url') };
  console.log(`Starting the server on a fresh ${engine} database…`);
  const server = await startChildServer({
    name: 'CertHub',
    script: SERVER_MAIN,
    nodeFlags: SERVER_NODE_FLAGS,
    env: {
      ...SERVER_ENV,
      NODE_ENV: 'production',
      DIRECTORY_SIGNING_KEY: runSigningKey(),
      DATABASE_URL: database.url,
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
  const kinds: LoadKind[] = [
    ...publicReads(reader, catalog),
    writes.kind,
    applications(reader, catalog, randomBytes(3).toString('hex')),
    ...(support.available ? [subscriptionChurn(server.origin, catalog)] : []),
  ];
  const recorder = new SoakRecorder(kinds.map((kind) => kind.name));

  console.log(`Driving ${settings.minutes} min of load, ${settings.concurrency} requests in flight…`);
  const drive = await driveMix(kinds, recorder, {
    concurrency: settings.concurrency,
    durationMs: settings.minutes * 60_000,
    pid: server.pid,
  });

  if (subscribers) await sleep(SETTLE_MS);
  const eventCounts = subscribers?.eventCounts() ?? [];
  await subscribers?.stop();
  // Read before stopping: /proc forgets a process once it has exited.
  const peakMb = peakRssMb(server.pid);
  await server.stop();

  const subscriptions: SubscriptionFigures = {
    available: support.available,
    note: support.note,
    subscribers: subscribers ? settings.subscribers : 0,
    statusChanges: writes.statusChanges(),
    eventsMin: eventCounts.length ? Math.min(...eventCounts) : null,
    eventsMax: eventCounts.length ? Math.max(...eventCounts) : null,
    failures: subscribers?.failures ?? [],
  };
  const caveats = await database.caveats();
  await report({ settings, engine, caveats, kinds, recorder, drive, subscriptions, peakMb });
}

interface Findings {
  settings: SoakSettings;
  engine: string;
  caveats: string[];
  kinds: LoadKind[];
  recorder: SoakRecorder;
  drive: DriveResult;
  subscriptions: SubscriptionFigures;
  peakMb: number | null;
}

async function report({ settings, engine, caveats, kinds, recorder, drive, subscriptions, peakMb }: Findings): Promise<void> {
  const totals = recorder.totalsByKind();
  const sum = (pick: (outcomes: (typeof totals)[number]['outcomes']) => number) =>
    totals.reduce((count, kind) => count + pick(kind.outcomes), 0);
  const errors = sum((outcomes) => outcomes.error) + subscriptions.failures.length;
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
    kinds: totals,
    errors,
    conflicts: sum((outcomes) => outcomes.conflict),
    refused: sum((outcomes) => outcomes.refused),
    rss,
    problems: [
      ...[...recorder.examples].map(([problem, count]) => ({ problem, count })),
      ...subscriptions.failures.map((problem) => ({ problem, count: 1 })),
    ],
    targets: checkSoakTargets(errors, rss, drive.intervals),
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
