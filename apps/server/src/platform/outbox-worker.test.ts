import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/data-source.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from '../modules/webhook/webhook.entities.js';
import { analyzedPlan, queryPlan, READS_WHOLE_TABLE, withGrownTable } from '../test/query-plan.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { NotificationEntity } from './notification/notification.entity.js';
import { NotificationWorker, type NotificationWorkerPolicy } from './notification/notification-worker.js';
import { dueQuery, forgoBitmapScans, type OutboxQueue, type OutboxRow, OutboxStatus, withIndexScans } from './outbox-worker.js';

const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const quiet = { error: () => undefined, warn: () => undefined };

/** The queues as the workers read them (notification-worker.ts, WebhookService.worker). */
const NOTIFICATIONS: OutboxQueue<NotificationEntity> = {
  entity: NotificationEntity,
  deliver: async () => undefined,
  describe: (item) => `Notification ${item.id}`,
};
const WEBHOOKS: OutboxQueue<WebhookDeliveryEntity> = {
  entity: WebhookDeliveryEntity,
  due: { endpoint: { active: true } },
  deliver: async () => undefined,
  describe: (item) => `Webhook delivery ${item.id}`,
};

const BODY = 'Hello Jane,\n\nWe received your application to join IP Phones; we will write again once it is reviewed. '.repeat(5);

const notification = (subject: string, changes: Partial<NotificationEntity> = {}) => ({
  kind: 'application-received',
  audience: 'APPLICANT' as const,
  recipient: 'jane@example.com',
  subject,
  body: BODY,
  status: OutboxStatus.PENDING,
  attempts: 0,
  nextAttemptAt: new Date(),
  ...changes,
});

describe("the outbox worker's due read", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const endpoint = await db.dataSource.getRepository(WebhookEndpointEntity).save({
      name: 'Partner',
      url: 'https://hooks.partner.example/certhub',
      events: ['PROGRAM_STATUS_CHANGED'],
      secret: 'whsec_test',
      active: true,
    });
    await db.dataSource.getRepository(WebhookDeliveryEntity).insert({
      endpointId: endpoint.id,
      event: 'PROGRAM_STATUS_CHANGED',
      deliveryKey: '4f0c9d4e-8a7b-4c41-9a53-2d0f1e6b7c10',
      payload: '{}',
      status: OutboxStatus.PENDING,
      attempts: 0,
      nextAttemptAt: new Date(),
    });
    await db.dataSource.getRepository(NotificationEntity).insert(notification('First'));
  });
  afterAll(() => db?.destroy());

  it('walks the due index in its order and stops at the batch, however large the outbox (both databases)', async () => {
    const grown = [
      { queue: NOTIFICATIONS, table: 'notification', columns: ['kind', 'audience', 'recipient', 'subject', 'body'] },
      { queue: WEBHOOKS, table: 'webhook_delivery', columns: ['endpoint_id', 'event', 'delivery_key', 'payload'] },
    ] as const;
    for (const { queue, table, columns } of grown) {
      const all = [...columns, 'status', 'attempts', 'next_attempt_at'];
      await withGrownTable(db.dataSource, { table, columns: all, count: 5_000 }, async (runner) => {
        // As `withIndexScans` runs the worker's read, on the grown table of this transaction.
        if (ON_POSTGRES) await forgoBitmapScans(runner.manager);
        const [sql, parameters] = dueQuery(
          runner.manager,
          queue as OutboxQueue<OutboxRow>,
          new Date(),
          20,
        ).getQueryAndParameters();
        const plan = await queryPlan(runner, sql, parameters);
        expect(plan).toMatch(ON_POSTGRES ? new RegExp(`Index Scan using "IDX_${table}_due"`) : `USING INDEX IDX_${table}_due`);
        expect(plan).not.toMatch(READS_WHOLE_TABLE);
        expect(plan).not.toMatch(/Sort|Bitmap/);
      });
    }
  });

  it('leaves out an item that another worker holds, until its lease runs out', async () => {
    const outbox = db.dataSource.getRepository(NotificationEntity);
    await outbox.clear();
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await outbox.insert([
      notification('Due', { nextAttemptAt: ago(3_000) }),
      notification('Being sent', { nextAttemptAt: ago(2_000), attempts: 1, leasedUntil: new Date(now.getTime() + 60_000) }),
      notification('Its worker died', { nextAttemptAt: ago(1_000), attempts: 1, leasedUntil: ago(1) }),
      notification('Not due yet', { nextAttemptAt: new Date(now.getTime() + 1_000) }),
      notification('Sent', { nextAttemptAt: ago(4_000), status: OutboxStatus.SENT }),
    ]);
    const due = await withIndexScans(db.dataSource, (manager) => dueQuery(manager, NOTIFICATIONS, now, 20).getMany());
    expect(due.map((item) => item.subject)).toEqual(['Due', 'Its worker died']);
  });
});

/**
 * PostgreSQL with autovacuum off (as here and in CI): every sent item leaves a dead entry in the
 * due index, ahead of the live ones. The worker's passes must step over them, not read their rows.
 */
describe.skipIf(!ON_POSTGRES)('the outbox on PostgreSQL without vacuum', () => {
  const ITEMS = 3_000;
  const BATCH = 50;
  const POLICY: NotificationWorkerPolicy = {
    pollIntervalMs: 60_000,
    batchSize: BATCH,
    maxAttempts: 3,
    baseDelayMs: 60_000,
    maxDelayMs: 60_000,
    leaseMs: 60_000,
  };
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.destroy());

  it('claims without touching an index, and reads past thousands of sent items in a few pages', async () => {
    // The worker on a DataSource of its own: closing it ends its connections, which makes
    // PostgreSQL count their updates at once (pg_stat_user_tables) rather than within seconds.
    const instance = await openDatabase(db.url);
    try {
      const outbox = instance.getRepository(NotificationEntity);
      const worker = new NotificationWorker(instance, { name: 'accepting', send: async () => undefined }, POLICY, quiet);
      // New items come in batches and go out in passes, as under load.
      for (let sent = 0; sent < ITEMS; sent += BATCH) {
        await outbox.insert(Array.from({ length: BATCH }, (_, index) => notification(`Message ${sent + index}`)));
        expect(await worker.runOnce()).toEqual({ sent: BATCH, retried: 0, failed: 0 });
      }
    } finally {
      await instance.destroy();
    }
    const { dataSource } = db;
    await dataSource.getRepository(NotificationEntity).insert([notification('Waiting 1'), notification('Waiting 2')]);

    // The next pass's read, as the worker runs it. By a bitmap scan and a sort (the planner's
    // choice without statistics), before migration 1767400000000, it read the row of every entry
    // left by a sent item: here 136 buffers and 1,252 entries, growing with every item sent (8
    // buffers with the plain index scan, at 3,000 items as at 9,000).
    const [sql, parameters] = dueQuery(dataSource.manager, NOTIFICATIONS, new Date(), BATCH).getQueryAndParameters();
    const plan = await withIndexScans(dataSource, (manager) => analyzedPlan(manager, sql, parameters));
    expect(plan.nodes).toEqual(['Limit', 'Index Scan IDX_notification_due']);
    expect(plan.sharedBuffers).toBeLessThanOrEqual(20);
    const due = await withIndexScans(dataSource, (manager) => dueQuery(manager, NOTIFICATIONS, new Date(), BATCH).getMany());
    expect(due.map((item) => item.subject)).toEqual(['Waiting 1', 'Waiting 2']);

    // Each item was updated twice: its claim, a HOT update (no index entry, pruned in its page
    // without vacuum), and its "sent", which changes status and so cannot be one.
    const counts = async () => {
      const [row] = (await dataSource.query(
        `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'notification'`,
      )) as Array<{ updates: string; hot: string }>;
      return { updates: Number(row?.updates), hot: Number(row?.hot) };
    };
    await expect.poll(async () => (await counts()).updates, { timeout: 10_000 }).toBe(2 * ITEMS);
    expect((await counts()).hot).toBe(ITEMS);
  });
});
