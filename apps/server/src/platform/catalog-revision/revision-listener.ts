import pg from 'pg';
import type { DataSource } from 'typeorm';
import { logger } from '../../shared/logger.js';
import { CATALOG_REVISION_ROW_ID, usePushedRevision } from './catalog-revision.js';

/** What the trigger of migration 1765000000000 notifies with the new revision, as text, on each commit that moves it. */
export const CATALOG_REVISION_CHANNEL = 'certhub_catalog_revision';

export interface RevisionListenerTiming {
  /** How often the listening connection proves itself alive (and re-reads the revision). */
  heartbeatMs: number;
  /** How long after a heartbeat was sent its proof holds: no later, the revision is read from the database again. */
  trustMs: number;
  /** Pause before connecting again after the connection failed. */
  reconnectMs: number;
}

export const DEFAULT_LISTENER_TIMING: RevisionListenerTiming = { heartbeatMs: 500, trustMs: 1_000, reconnectMs: 1_000 };

/** Revision, and whether the dedicated connection listens on the channel: one round trip. */
const HEARTBEAT = `SELECT (SELECT revision FROM catalog_revision WHERE id = ${CATALOG_REVISION_ROW_ID}) AS revision,
  '${CATALOG_REVISION_CHANNEL}' = ANY (ARRAY(SELECT pg_listening_channels())) AS listening`;

/**
 * PostgreSQL: the committed catalogue revision, pushed. One dedicated connection per instance
 * LISTENs on the channel a trigger notifies at every commit that moves the revision (whichever
 * instance, CLI or version of the product commits it: PostgreSQL sends the notification at commit,
 * in commit order, before the writer hears its commit acknowledged). The pushed revision is
 * trusted (`current`) only while the channel is known healthy:
 *   - the connection is up, and LISTEN was acknowledged before the last heartbeat was sent;
 *   - that heartbeat was answered, proving every notification of a commit before it delivered
 *     (PostgreSQL delivers them before the answer), and was sent less than `trustMs` ago: a
 *     connection that died silently stops being trusted within that time;
 *   - the heartbeat's own reading agrees with the pushed revision (else a commit went unnotified:
 *     the reading wins);
 *   - the revision is at least what this instance's own last commit set (`noteCommitted`).
 * Otherwise `current` answers null and the caller reads the database, as without this.
 * Poolers in transaction mode (PgBouncer) do not keep LISTEN: the heartbeat sees the connection is
 * not listening and the revision is read from the database each time (see docs/operations.md).
 */
export class CatalogRevisionListener {
  private client: pg.Client | null = null;
  private revision: number | null = null;
  /** Until when (ms, performance.now) the last answered heartbeat vouches for the channel. */
  private trustedUntil = 0;
  /** The revision this instance's own last commit moved the catalogue to. */
  private ownFloor = 0;
  /** Notifications received: a heartbeat's reading is taken only if none came while it ran. */
  private received = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private heartbeatInFlight = false;
  private stopped = false;
  private warned = false;

  constructor(
    private readonly connectionString: string,
    private readonly timing: RevisionListenerTiming = DEFAULT_LISTENER_TIMING,
  ) {}

  /** Connects; resolves once the first heartbeat was answered, or failed (the listener keeps trying). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** The committed revision as pushed, when the channel is known healthy; null: read the database. */
  current(): number | null {
    if (this.revision === null || performance.now() >= this.trustedUntil) return null;
    return this.revision >= this.ownFloor ? this.revision : null;
  }

  /** After a commit of this instance moved the revision to `revision`: nothing older is trusted from now on. */
  noteCommitted(revision: number): void {
    this.ownFloor = Math.max(this.ownFloor, revision);
  }

  /** Whether `current` would answer now (tests, readiness). */
  healthy(): boolean {
    return this.current() !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.distrust();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Drops the connection as a network failure would (tests). */
  simulateConnectionLoss(): void {
    this.client?.emit('error', new Error('connection lost (simulated)'));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    this.client = client;
    client.on('notification', ({ channel, payload }) => {
      if (channel !== CATALOG_REVISION_CHANNEL || client !== this.client) return;
      const revision = Number(payload);
      if (!Number.isSafeInteger(revision)) return;
      this.received++;
      // Only once a heartbeat has read the starting revision: before that, nothing is trusted anyway.
      if (this.revision !== null) this.revision = revision;
    });
    client.on('error', (error) => this.fail(client, error));
    client.on('end', () => this.fail(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CATALOG_REVISION_CHANNEL}`);
      // Every commit from here on is notified; the first heartbeat reads where the revision stands.
      await this.beat(client);
      this.heartbeat ??= setInterval(() => {
        if (this.client) void this.beat(this.client);
      }, this.timing.heartbeatMs);
      this.heartbeat.unref();
      if (this.warned) logger.info('Listening for catalogue revisions again: cached reads skip the database.');
      this.warned = false;
    } catch (error) {
      this.fail(client, error as Error);
    }
  }

  private async beat(client: pg.Client): Promise<void> {
    if (this.heartbeatInFlight) return;
    this.heartbeatInFlight = true;
    const sent = performance.now();
    const receivedBefore = this.received;
    try {
      const { rows } = await client.query<{ revision: string | number | null; listening: boolean }>(HEARTBEAT);
      if (client !== this.client) return;
      const row = rows[0];
      if (!row?.listening) {
        this.warn('the connection does not keep LISTEN (a pooler in transaction mode?)');
        this.distrust();
        return;
      }
      const read = Number(row.revision ?? 0);
      if (this.received === receivedBefore) {
        // No notification came while it ran: the reading is the revision (equal to the pushed one, unless a commit went unnotified).
        this.revision = read;
      } else if (this.revision === null) {
        // The first heartbeat, with commits notified meanwhile: the reading may be older than they are; ask again at once.
        return;
      }
      this.trustedUntil = sent + this.timing.trustMs;
    } catch (error) {
      this.fail(client, error as Error);
    } finally {
      this.heartbeatInFlight = false;
    }
  }

  private fail(client: pg.Client, error: Error): void {
    if (client !== this.client) return;
    this.client = null;
    this.distrust();
    client.removeAllListeners('notification');
    // Still listening for errors: a late one must not go unhandled.
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.warn(error.message);
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.connect();
    }, this.timing.reconnectMs);
    this.reconnect.unref();
  }

  private distrust(): void {
    this.revision = null;
    this.trustedUntil = 0;
  }

  private warn(reason: string): void {
    if (this.warned) return;
    this.warned = true;
    logger.warn(`Catalogue revisions are read from the database on each request burst: ${reason}.`);
  }
}

/**
 * Starts the listener of `dataSource` (PostgreSQL only; null on SQLite, whose revision read costs
 * microseconds). The revision readers of the same DataSource use it from then on; stop it before
 * destroying the DataSource.
 */
export async function listenForCatalogRevisions(
  dataSource: DataSource,
  timing: RevisionListenerTiming = DEFAULT_LISTENER_TIMING,
): Promise<CatalogRevisionListener | null> {
  if (dataSource.options.type !== 'postgres') return null;
  const url = (dataSource.options as { url?: string }).url;
  if (!url) return null;
  const listener = new CatalogRevisionListener(url, timing);
  usePushedRevision(dataSource, listener);
  await listener.start();
  return listener;
}
