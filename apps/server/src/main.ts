import 'reflect-metadata';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, readConfig } from './config.js';
import { openDatabase } from './db/data-source.js';
import { warnWhenAutovacuumIsOff } from './db/postgres-maintenance.js';
import { seedIfEmpty } from './modules/catalog-import/seed.js';
import { loadDirectorySigningKey } from './modules/export/directory-signing-key.js';
import { ensureFirstAdmin } from './modules/user/bootstrap.js';
import { answerClientError } from './platform/api/client-errors.js';
import { listenForMetrics } from './platform/metrics/metrics.js';
import { createNotificationSender } from './platform/notification/notification-sender.js';
import { NotificationWorker } from './platform/notification/notification-worker.js';
import { createServer } from './server.js';
import { logger } from './shared/logger.js';

/**
 * What is printed for the person at the terminal rather than logged: the start banner (where to
 * open the site) and the first admin's sign-in, which must be seen whatever LOG_LEVEL says. Every
 * other line goes through `logger`, as JSON.
 */
function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** `npm start`: migrate, seed an empty database from the bundled page, serve, stop cleanly. */
async function main(): Promise<void> {
  const config = readConfig();
  const dataSource = await openDatabase(config.databaseUrl);
  await warnWhenAutovacuumIsOff(dataSource, logger);
  const seedStarted = performance.now();
  const seeded = await seedIfEmpty(dataSource);
  const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
  if (seeded.catalogue) logger.info(`Seeded an empty database from the bundled docs page: ${seeded.catalogue.summary}`);
  if (seeded.directory)
    logger.info(
      `Seeded the directory from the bundled product pages: ${seeded.directory.summary} Seeding took ${seedSeconds} s.`,
    );
  const server = await createServer({
    dataSource,
    directorySigningKey: await loadDirectorySigningKey(config.directorySigning),
    nodeEnv: config.nodeEnv,
    exposeStatementCount: config.exposeStatementCount,
    trustProxy: config.trustProxy,
    responseCacheEntries: config.responseCacheEntries,
    responseCacheMaxBytes: config.responseCacheMaxBytes,
    executionConcurrency: config.executionConcurrency,
    httpCache: config.httpCache,
    publicUrl: config.mail.publicUrl,
    services: {
      session: config.session,
      applications: config.applications,
      webhooks: config.webhooks,
      emailsPerRecipientPerDay: config.emailsPerRecipientPerDay,
    },
    apiLimits: config.apiLimits,
    rateLimit: config.rateLimit,
    persistedQueries: config.persistedQueries,
    redis: config.redis,
    corsOrigins: config.corsOrigins,
    logLevel: config.logLevel,
    metricsToken: config.metrics.token,
    sockets: config.sockets,
    catalogRevisionListen: config.catalogRevisionListen,
  });
  const signInHelp = await ensureFirstAdmin(server.services.users, config);

  const http = createHttpServer(server.handle).listen(config.port, config.host, () => {
    const { port } = http.address() as AddressInfo;
    const origin = `http://localhost:${port}`;
    print(`CertHub is serving on ${origin}`);
    print(`  Public site   ${origin}/`);
    print(`  Admin console ${origin}/admin`);
    print(`  GraphQL API   ${origin}/graphql`);
    print(`  Health check  ${origin}/healthz (ready: ${origin}/readyz)`);
    if (signInHelp) print(`\n${signInHelp.join('\n')}\n`);
  });
  // Requests Node refuses before any handler (oversized headers: 431) get a GraphQL error body.
  http.on('clientError', answerClientError);
  server.serveSubscriptions(http);
  const metricsHttp =
    config.metrics.port === null
      ? null
      : await listenForMetrics(server.metrics.registry, {
          port: config.metrics.port,
          host: config.metrics.host,
          token: config.metrics.token,
        });
  if (metricsHttp) print(`  Metrics       http://localhost:${config.metrics.port}/metrics`);

  // Ended sessions are refused as soon as they end; this only keeps the table small.
  const purgeSessions = setInterval(
    () =>
      void server.services.sessions
        .purgeExpired()
        .catch((error: unknown) => logger.error({ err: error }, 'Ended sessions could not be purged.')),
    3_600_000,
  );
  purgeSessions.unref();

  // The outboxes: notifications (SMTP when SMTP_URL is set, else the log) and webhook deliveries,
  // each retried with backoff by its worker; a slow receiver never holds up a request.
  const workers = [new NotificationWorker(dataSource, createNotificationSender(config.mail)), server.services.webhooks.worker()];
  for (const worker of workers) worker.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight, then stopping.`);
    // Everything fits in SHUTDOWN_TIMEOUT_SECONDS: requests and sockets get all but the last
    // quarter (2 s at most), which is left for the workers' last item and closing the database.
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const drainDeadline = deadline - Math.min(2_000, config.shutdownTimeoutMs / 4);
    // Should anything still hang (a database that does not answer), the process ends anyway.
    setTimeout(() => {
      logger.error(`Not stopped within ${config.shutdownTimeoutMs} ms: exiting now.`);
      process.exit(1);
    }, config.shutdownTimeoutMs + 500).unref();
    server.beginShutdown();
    clearInterval(purgeSessions);
    // Each worker finishes (or gives back) the item it is sending; the rest stays in its outbox for the next start.
    const workersDeadline = deadline - Math.min(500, config.shutdownTimeoutMs / 8);
    const workersStopped = Promise.all(workers.map((worker) => worker.stop(Math.max(0, workersDeadline - Date.now()))));
    // A moment in which new requests are told to retry elsewhere (503) and load balancers see
    // /readyz fail, before the listener closes and the requests in flight are finished.
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, config.shutdownTimeoutMs / 4)));
    metricsHttp?.close();
    // Subscription sockets keep `http.close` waiting: told to reconnect elsewhere, cut at the deadline.
    await Promise.all([closeGracefully(http, drainDeadline - Date.now()), server.closeSubscriptions(drainDeadline)]);
    if ((await untilDeadline(workersStopped, workersDeadline)) === 'timeout')
      logger.warn('An outbox worker was still sending at the deadline: its item was given back, to be sent again.');
    await server.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function untilDeadline(work: Promise<unknown>, deadline: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  const outcome = await Promise.race([work.then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  return outcome;
}

/**
 * Stops accepting connections, lets requests in flight finish, closes idle keep-alive connections
 * as they become idle, and after `timeoutMs` closes whatever is left.
 */
async function closeGracefully(http: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections();
  const idleSweep = setInterval(() => http.closeIdleConnections(), 100);
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs)).unref());
  if ((await Promise.race([closed, deadline])) === 'timeout') {
    logger.warn(`Requests still open after ${timeoutMs} ms: closing their connections.`);
    http.closeAllConnections();
    await closed;
  }
  clearInterval(idleSweep);
}

main().catch((error: unknown) => {
  // A setting to correct is told to the person starting the server, whatever LOG_LEVEL says;
  // anything else is logged with its stack.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else logger.fatal({ err: error }, 'CertHub could not start.');
  process.exit(1);
});
