import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordChange } from '../modules/change/record-change.js';
import { ProgramEntity } from '../modules/program/program.entity.js';
import { type NotificationSender, type OutgoingMessage } from '../platform/notification/notification-sender.js';
import { NotificationWorker } from '../platform/notification/notification-worker.js';
import { ChangeStream } from '../platform/subscription/change-stream.js';
import { importSeed } from '../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../test/test-server.js';
import { parseDatabaseUrl } from './data-source.js';
import { inTransaction } from './transaction.js';

const CHANGES = `query ($after: String) { changes(after: $after, first: 500) { endCursor changes { cursor action summary } } }`;
const PROGRAM = `{ program(slug: "sbc") { name } }`;

interface ChangePage {
  changes: { endCursor: string | null; changes: Array<{ cursor: string; action: string; summary: string }> };
}

class RecordingSender implements NotificationSender {
  readonly name = 'recording';
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage): Promise<void> {
    this.sent.push(message);
  }
}

const quiet = { error: () => undefined, warn: () => undefined };

describe('readers see only committed data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  /** One change as a mutation makes it: public data, its audit event (the change feed), a notification (an outbox). */
  const change = async (manager: EntityManager, name: string) => {
    const program = await manager.findOneByOrFail(ProgramEntity, { slug: 'sbc' });
    await recordChange(manager, {
      audit: [
        {
          batchId: randomUUID(),
          actor: 'test',
          entityType: 'Program',
          entityId: String(program.id),
          action: 'program-updated',
          summary: name,
          changes: { name: { from: program.name, to: name } },
        },
      ],
    });
    await manager.update(ProgramEntity, { id: program.id }, { name });
    await recordChange(manager, { emails: [{ kind: 'test', audience: 'STAFF', recipient: null, subject: name, body: name }] });
  };

  it('never shows a transaction that rolls back to a query, the change feed, a subscription or an outbox pass', async () => {
    const { dataSource } = server.db;
    const before = await server.graphql<{ program: { name: string } }>(PROGRAM);
    const originalName = before.body.data?.program.name;
    const feedStart = await server.graphql<ChangePage>(CHANGES, {});
    const cursor = feedStart.body.data?.changes.endCursor ?? null;

    const stream = new ChangeStream(dataSource, { intervalMs: 60_000, entityTypes: ['Program'] });
    const internals = stream as unknown as { poll(): Promise<void>; lastId: number | null; polling: boolean };
    const subscription = stream.subscribe(() => true);
    await vi.waitFor(() => expect(internals.lastId !== null && !internals.polling).toBe(true));
    const sender = new RecordingSender();
    const worker = new NotificationWorker(dataSource, sender, undefined, quiet);

    const open: { rollBack: (() => void) | null } = { rollBack: null };
    const rolledBack = inTransaction(dataSource, async (manager) => {
      await change(manager, 'Phantom name');
      await new Promise<void>((resolve) => (open.rollBack = resolve));
      throw new Error('rolled back');
    }).catch((error: Error) => error.message);
    await vi.waitFor(() => expect(open.rollBack).not.toBeNull());
    // The real change waits for its turn (SQLite) or the catalogue revision's lock (PostgreSQL).
    const committed = inTransaction(dataSource, (manager) => change(manager, 'Real name'));

    // While the first transaction is open, every reader looks.
    const during = await server.graphql<{ program: { name: string } }>(PROGRAM);
    const feedDuring = await server.graphql<ChangePage>(CHANGES, { after: cursor });
    await internals.poll();
    // The pass reads the outbox now; a claim it makes would wait for the transaction.
    const pass = worker.runOnce();
    await Promise.race([pass, new Promise((resolve) => setTimeout(resolve, 100))]);

    open.rollBack?.();
    expect(await rolledBack).toBe('rolled back');
    await committed;
    await pass;

    expect.soft(during.body.data?.program.name).toBe(originalName);
    expect.soft(feedDuring.body.data?.changes.changes).toEqual([]);

    // Afterwards each sees exactly the real change: nothing phantom, nothing skipped.
    const after = await server.graphql<{ program: { name: string } }>(PROGRAM);
    expect.soft(after.body.data?.program.name).toBe('Real name');
    const feedAfter = await server.graphql<ChangePage>(CHANGES, { after: feedDuring.body.data?.changes.endCursor ?? cursor });
    expect.soft(feedAfter.body.data?.changes.changes.map((entry) => entry.summary)).toEqual(['Real name']);
    await internals.poll();
    const announced = await subscription.next();
    expect.soft(announced.value).toMatchObject({ action: 'program-updated', changes: { name: { to: 'Real name' } } });
    await worker.runOnce();
    expect.soft(sender.sent.map((message) => message.subject)).toEqual(['Real name']);
    await subscription.return();
    stream.close();
  });

  it('lets public changes commit only in the order of their event ids, so a reader paging by id skips none', async () => {
    const { dataSource } = server.db;
    const feedStart = await server.graphql<ChangePage>(CHANGES, {});
    const cursor = feedStart.body.data?.changes.endCursor ?? null;
    const event = (summary: string) => ({
      batchId: randomUUID(),
      actor: 'test',
      entityType: 'Program',
      entityId: '1',
      action: 'program-updated',
      summary,
      changes: null,
    });

    // The first writer takes its event id and holds its transaction open.
    const open: { commit: (() => void) | null } = { commit: null };
    const first = inTransaction(dataSource, async (manager) => {
      await recordChange(manager, { audit: [event('First')] });
      await new Promise<void>((resolve) => (open.commit = resolve));
    });
    await vi.waitFor(() => expect(open.commit).not.toBeNull());
    // The second writer comes meanwhile: on PostgreSQL its transaction runs at once, and would take
    // the next id and commit before the first if nothing made it wait.
    let secondDone = false;
    const second = inTransaction(dataSource, (manager) => recordChange(manager, { audit: [event('Second')] })).then(() => {
      secondDone = true;
    });
    if (dataSource.options.type === 'postgres') {
      await vi.waitFor(async () => {
        const [waiting] = (await dataSource.query(
          "SELECT COUNT(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )) as Array<{ count: number }>;
        expect(secondDone || (waiting?.count ?? 0) > 0).toBe(true);
      });
    }

    const meanwhile = await server.graphql<ChangePage>(CHANGES, { after: cursor });
    open.commit?.();
    await first;
    await second;
    const rest = await server.graphql<ChangePage>(CHANGES, { after: meanwhile.body.data?.changes.endCursor ?? cursor });
    const seen = [...(meanwhile.body.data?.changes.changes ?? []), ...(rest.body.data?.changes.changes ?? [])];
    expect(seen.map((change) => change.summary)).toEqual(['First', 'Second']);
  });

  it('never hands out a committed id again, even after its row is deleted', async () => {
    const { dataSource } = server.db;
    const lastId = async (table: string) =>
      Number(((await dataSource.query(`SELECT MAX(id) AS id FROM ${table}`)) as Array<{ id: number | string }>)[0]?.id);
    const ids: number[] = [];
    for (const round of [1, 2]) {
      await inTransaction(dataSource, (manager) => change(manager, `Deleted ${round}`));
      ids.push(await lastId('audit_event'), await lastId('notification'));
      // Retention, or a restore of an older backup, could delete the newest rows.
      await inTransaction(dataSource, async (manager) => {
        await manager.query(`DELETE FROM audit_event WHERE id = ${ids.at(-2)}`);
        await manager.query(`DELETE FROM notification WHERE id = ${ids.at(-1)}`);
      });
    }
    expect(ids[2]).toBeGreaterThan(ids[0] as number);
    expect(ids[3]).toBeGreaterThan(ids[1] as number);
    if (dataSource.options.type === 'better-sqlite3') {
      const tables = (await dataSource.query(
        "SELECT name, sql FROM sqlite_master WHERE name IN ('audit_event', 'notification', 'webhook_delivery')",
      )) as Array<{ name: string; sql: string }>;
      expect(tables).toHaveLength(3);
      for (const table of tables) expect(table.sql, table.name).toMatch(/"id" integer PRIMARY KEY AUTOINCREMENT/);
    }
  });
});

describe('an in-memory SQLite database', () => {
  it('is refused with a clear message: readers need a file to open apart from the writer', () => {
    expect(() => parseDatabaseUrl('sqlite::memory:')).toThrow(/sqlite::memory:.*give a file path/);
  });
});
