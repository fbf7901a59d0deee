import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { databaseOf, type SignalHub } from '../db/database.js';
import { afterCommit } from '../db/transaction.js';
import { logger } from '../shared/logger.js';
import { type RedisSettings, redactUrl, redisClientOptions } from './counters.js';

/**
 * "Something you wait for was committed": the change streams of subscriptions and the outbox
 * workers look at the database at once on a signal, instead of at their next poll. The database
 * stays the source of truth: a signal carries only topics, and a lost one costs only latency.
 *
 * Topics name what changed: `change:<entity type>` (an audit event), `outbox:<table>` (an item
 * due in an outbox). Signals go to this process's listeners of the same DataSource and, once
 * `shareChangeSignal` connected it to Redis, to every instance's. The state (listeners, where to
 * publish, each open transaction's topics) belongs to the database the server was
 * given (`Database.signals`, db/database.ts): this module keeps none of its own.
 */

/** The topic of audit events about `entityType`: what a change stream of subscriptions waits for. */
export function changeTopic(entityType: string): string {
  return `change:${entityType}`;
}

/** The topic of an outbox table: what its worker waits for. */
export function outboxTopic(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  return `outbox:${dataSource.getMetadata(entity).tableName}`;
}

function hubOf(dataSource: DataSource): SignalHub {
  return databaseOf(dataSource).signals;
}

/** Inside a transaction: once it commits, signal `topic` (once per transaction, whatever the calls). */
export function signalAfterCommit(manager: EntityManager, topic: string): void {
  const hub = hubOf(manager.dataSource);
  const topics = hub.pending.get(manager);
  if (topics) {
    topics.add(topic);
    return;
  }
  const pending = new Set([topic]);
  hub.pending.set(manager, pending);
  afterCommit(manager, () => {
    hub.pending.delete(manager);
    wake(hub, pending);
    hub.publish?.([...pending]);
  });
}

/** Calls `listener` on each signal of one of `topics`; the answer stops it. */
export function onChangeSignal(dataSource: DataSource, topics: readonly string[], listener: () => void): () => void {
  const hub = hubOf(dataSource);
  for (const topic of topics) {
    const listeners = hub.listeners.get(topic) ?? new Set();
    listeners.add(listener);
    hub.listeners.set(topic, listeners);
  }
  return () => {
    for (const topic of topics) hub.listeners.get(topic)?.delete(listener);
  };
}

function wake(hub: SignalHub, topics: Iterable<string>): void {
  const listeners = new Set<() => void>();
  for (const topic of topics) for (const listener of hub.listeners.get(topic) ?? []) listeners.add(listener);
  for (const listener of listeners) listener();
}

export interface SharedChangeSignal {
  /** Resolves once signals can be published (Redis connected), or after `timeoutMs` without: for short-lived processes (the CLI). */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops sharing, after sending what was published. */
  close(): Promise<void>;
}

/**
 * With Redis (REDIS_URL), the signals of `dataSource` cross instances: each one is published on
 * the channel `<keyPrefix>changes`, and those of other instances wake this one's listeners. Without
 * Redis, or while it is unreachable (logged once), signals stay in this process and the other
 * instances see the change at their next poll. Publishing never waits and never fails a write.
 */
export function shareChangeSignal(dataSource: DataSource, redis: RedisSettings | null): SharedChangeSignal {
  if (!redis) return { async ready() {}, async close() {} };
  const hub = hubOf(dataSource);
  const channel = `${redis.keyPrefix}changes`;
  const instance = randomUUID();
  // Timeouts too: a publish waiting on a hung Redis would hold its message in memory for ever.
  const options = { ...redisClientOptions(redis), autoResubscribe: false };
  const publisher = new Redis(redis.url, options);
  const subscriber = new Redis(redis.url, options);
  let warned = false;
  const warn = (error: Error) => {
    if (warned) return;
    warned = true;
    logger.error(
      `Redis (${redactUrl(redis.url)}) is unreachable; changes made on other instances are seen by polling: ${error.message}`,
    );
  };
  for (const client of [publisher, subscriber]) client.on('error', warn);
  publisher.on('ready', () => {
    warned = false;
  });
  // After every (re)connection: a subscriber's subscriptions do not survive its connection.
  subscriber.on('ready', () => {
    warned = false;
    subscriber.subscribe(channel).catch(warn);
  });
  subscriber.on('message', (_channel: string, message: string) => {
    const signal = parseSignal(message);
    if (signal && signal.from !== instance) wake(hub, signal.topics);
  });
  hub.publish = (topics) => {
    // Not connected (yet, or any more): the other instances see this change at their next poll.
    if (publisher.status !== 'ready') return;
    publisher.publish(channel, JSON.stringify({ from: instance, topics })).catch(warn);
  };
  return {
    async ready(timeoutMs = 2_000) {
      if (publisher.status === 'ready') return;
      // Not events.once: it would reject on the client's first connection error.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          publisher.off('ready', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        publisher.once('ready', done);
      });
    },
    async close() {
      hub.publish = null;
      await Promise.all([publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

function parseSignal(message: string): { from: string; topics: string[] } | null {
  try {
    const signal = JSON.parse(message) as { from?: unknown; topics?: unknown };
    if (typeof signal.from !== 'string' || !Array.isArray(signal.topics)) return null;
    return { from: signal.from, topics: signal.topics.filter((topic): topic is string => typeof topic === 'string') };
  } catch {
    return null;
  }
}
