import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/data-source.js';
import { databaseOf } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { recordChange } from '../modules/change/record-change.js';
import { logger } from '../shared/logger.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { changeTopic, onChangeSignal, shareChangeSignal } from './change-signal.js';
import { type NotificationSender, type OutgoingMessage } from './notification/notification-sender.js';
import { NotificationWorker } from './notification/notification-worker.js';
import { ChangeStream } from './subscription/change-stream.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Far longer than any wait below: what arrives in time came by the signal, not by polling. */
const NEVER = 600_000;

const programEvent = (entityId: string) => ({
  batchId: randomUUID(),
  actor: 'test',
  entityType: 'Program',
  entityId,
  action: 'status-changed',
  summary: 'A status change',
  changes: { admissionStatus: { from: 'CLOSED', to: 'SEEKING_PARTNERS' } },
});

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

describe('the change signal', () => {
  let database: TestDatabase;
  /** A second connection to the same database: another instance. */
  let other: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    other = await openDatabase(database.url);
  });
  afterAll(async () => {
    await other.destroy();
    await database.destroy();
  });

  it('fires once per committed transaction, after the commit, and never for a rolled-back one', async () => {
    const fired: string[] = [];
    const stop = onChangeSignal(database.dataSource, [changeTopic('Program')], () => fired.push('program'));
    let firedInside = -1;
    await inTransaction(database.dataSource, async (manager) => {
      await recordChange(manager, { audit: [programEvent('1')] });
      await recordChange(manager, { audit: [programEvent('2')] });
      firedInside = fired.length;
    });
    expect(firedInside).toBe(0);
    expect(fired).toEqual(['program']);
    await expect(
      inTransaction(database.dataSource, async (manager) => {
        await recordChange(manager, { audit: [programEvent('3')] });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(fired).toEqual(['program']);
    stop();
  });

  it('makes a change stream read at once rather than at its next interval', async () => {
    const stream = new ChangeStream(database.dataSource, { intervalMs: NEVER, entityTypes: ['Program'] });
    const events = stream.subscribe(() => true);
    const first = events.next();
    // Let the stream take its starting point.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await inTransaction(database.dataSource, (manager) => recordChange(manager, { audit: [programEvent('4')] }));
    const event = await Promise.race([first, new Promise((resolve) => setTimeout(() => resolve(null), 2_000))]);
    expect(event).toMatchObject({ value: { entityType: 'Program', entityId: '4' } });
    stream.close();
  });

  it('makes an outbox worker send at once what a transaction wrote to its outbox', async () => {
    const sent: OutgoingMessage[] = [];
    const sender: NotificationSender = { name: 'recording', send: async (message) => void sent.push(message) };
    const policy = {
      pollIntervalMs: NEVER,
      batchSize: 10,
      maxAttempts: 3,
      baseDelayMs: 1_000,
      maxDelayMs: 1_000,
      leaseMs: 60_000,
    };
    const worker = new NotificationWorker(database.dataSource, sender, policy);
    worker.start();
    // The first pass (at start) finds nothing; only a signal can bring the next one before NEVER.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const subject = `signal ${randomUUID()}`;
    await inTransaction(database.dataSource, (manager) =>
      recordChange(manager, { emails: [{ kind: 'test', audience: 'STAFF', recipient: null, subject, body: 'body' }] }),
    );
    expect(await until(() => sent.some((message) => message.subject === subject))).toBe(true);
    await worker.stop();
  });

  it("keeps its state with each database: another one open in this process hears none of this one's signals", async () => {
    const heard = { here: 0, there: 0 };
    const stops = [
      onChangeSignal(database.dataSource, [changeTopic('Program')], () => heard.here++),
      onChangeSignal(other, [changeTopic('Program')], () => heard.there++),
    ];
    try {
      await inTransaction(database.dataSource, (manager) => recordChange(manager, { audit: [programEvent('1')] }));
      expect(heard).toEqual({ here: 1, there: 0 });
      expect(databaseOf(other).signals.listeners.get(changeTopic('Program'))?.size).toBe(1);
    } finally {
      for (const stop of stops) stop();
    }
    expect(databaseOf(other).signals.listeners.get(changeTopic('Program'))?.size).toBe(0);
  });

  it('crosses instances through Redis, and an instance ignores its own messages', async () => {
    const keyPrefix = `certhub-test:${randomUUID()}:`;
    const here = shareChangeSignal(database.dataSource, { url: REDIS_URL, keyPrefix });
    const there = shareChangeSignal(other, { url: REDIS_URL, keyPrefix });
    const heard = { here: 0, there: 0 };
    const stops = [
      onChangeSignal(database.dataSource, [changeTopic('Program')], () => heard.here++),
      onChangeSignal(other, [changeTopic('Program')], () => heard.there++),
    ];
    try {
      // Until both are subscribed, a signal may go unheard: write until the other instance hears one.
      const deadline = Date.now() + 5_000;
      while (heard.there === 0 && Date.now() < deadline) {
        await inTransaction(database.dataSource, (manager) => recordChange(manager, { audit: [programEvent('5')] }));
        await until(() => heard.there > 0, 50);
      }
      expect(heard.there).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = { ...heard };
      await inTransaction(database.dataSource, (manager) => recordChange(manager, { audit: [programEvent('6')] }));
      expect(await until(() => heard.there === before.there + 1)).toBe(true);
      // Give an echo time to come back: it must not.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard.here).toBe(before.here + 1);
    } finally {
      for (const stop of stops) stop();
      await Promise.all([here.close(), there.close()]);
    }
  });

  it('never fails a write when Redis is unreachable, and says so once', async () => {
    const logged: unknown[] = [];
    const original = logger.error;
    logger.error = ((...args: unknown[]) => void logged.push(args.join(' '))) as typeof logger.error;
    const shared = shareChangeSignal(database.dataSource, { url: 'redis://127.0.0.1:1', keyPrefix: 'certhub-test-unreachable:' });
    let heard = 0;
    const stop = onChangeSignal(database.dataSource, [changeTopic('Program')], () => heard++);
    try {
      for (const id of ['7', '8', '9'])
        await inTransaction(database.dataSource, (manager) => recordChange(manager, { audit: [programEvent(id)] }));
      expect(heard).toBe(3);
      expect(await until(() => logged.length > 0)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logged).toHaveLength(1);
      expect(String(logged[0])).toMatch(/Redis \(redis:\/\/127\.0\.0\.1:1\) is unreachable/);
    } finally {
      stop();
      await shared.close();
      logger.error = original;
    }
  });
});
