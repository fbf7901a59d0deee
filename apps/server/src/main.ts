import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError, readConfig } from './config.js';
import { openDatabase } from './db/data-source.js';
import { seedIfEmpty } from './modules/catalog-import/seed.js';
import { createNotificationSender } from './modules/notification/notification-sender.js';
import { NotificationWorker } from './modules/notification/notification-worker.js';
import { ensureFirstAdmin } from './modules/user/bootstrap.js';
import { createServer } from './server.js';

/** `npm start`: migrate, seed an empty database from the bundled page, serve, stop cleanly. */
async function main(): Promise<void> {
  const config = readConfig();
  const dataSource = await openDatabase(config.databaseUrl);
  const seeded = await seedIfEmpty(dataSource);
  if (seeded) console.log(`Seeded an empty database from the bundled docs page: ${seeded.summary}`);
  const server = await createServer({
    dataSource,
    nodeEnv: config.nodeEnv,
    exposeStatementCount: config.exposeStatementCount,
    trustProxy: config.trustProxy,
    responseCacheEntries: config.responseCacheEntries,
    services: { session: config.session, applications: config.applications },
    apiLimits: config.apiLimits,
    rateLimit: config.rateLimit,
    redis: config.redis,
    corsOrigins: config.corsOrigins,
    logLevel: config.logLevel,
  });
  const signInHelp = await ensureFirstAdmin(server.services.users, config);

  const http = server.app.listen(config.port, config.host, () => {
    const { port } = http.address() as AddressInfo;
    const origin = `http://localhost:${port}`;
    console.log(`CertHub is serving on ${origin}`);
    console.log(`  Public site   ${origin}/`);
    console.log(`  Admin console ${origin}/admin`);
    console.log(`  GraphQL API   ${origin}/graphql`);
    console.log(`  Health check  ${origin}/healthz`);
    if (signInHelp) console.log(`\n${signInHelp.join('\n')}\n`);
  });
  server.serveSubscriptions(http);

  // Ended sessions are refused as soon as they end; this only keeps the table small.
  const purgeSessions = setInterval(() => void server.services.sessions.purgeExpired().catch(console.error), 3_600_000);
  purgeSessions.unref();

  // Sends the notification outbox (SMTP when SMTP_URL is set, else the log), retrying failures.
  const notifications = new NotificationWorker(dataSource, createNotificationSender(config.mail));
  notifications.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then stopping.`);
    clearInterval(purgeSessions);
    await notifications.stop();
    http.close();
    await server.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
