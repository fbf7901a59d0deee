import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { logger } from '../../shared/logger.js';
import { CATALOG_REVISION_ROW_ID, usePushedRevision } from './catalog-revision.js';

/** What the trigger of migration 1765000000000 notifies with the new revision, as text, on each commit that moves it. */
export const CATALOG_REVISION_CHANNEL = 'certhub_catalog_revision';

export interface RevisionListenerTiming {
  /** How often the listening connection renews its lease (and re-reads the revision). */
  heartbeatMs: number;
  /** How long after a renewal was sent this instance trusts the pushed revision; the database's lease runs `LEASE_MARGIN_MS` longer. */
  leaseMs: number;
  /** Pause before connecting again after the connection failed. */
  reconnectMs: number;
}

export const DEFAULT_LISTENER_TIMING: RevisionListenerTiming = { heartbeatMs: 250, leaseMs: 1_000, reconnectMs: 1_000 };

/** How much longer the database holds a lease than its instance trusts it: room for the clocks' drift. */
export const LEASE_MARGIN_MS = 250;

/** Expired rows of instances that stopped without saying so, left an hour for whoever looks. */
const REGISTER = `WITH gone AS (DELETE FROM catalog_revision_listener WHERE lease_until < clock_timestamp() - interval '1 hour')
INSERT INTO catalog_revision_listener (instance_id, seen_revision, lease_until)
VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
ON CONFLICT (instance_id) DO UPDATE SET lease_until = EXCLUDED.lease_until, seen_revision = EXCLUDED.seen_revision`;

/** Renews the lease and reports the revision seen; reads the revision and whether the connection listens: one round trip. */
const HEARTBEAT = `WITH renewed AS (
  UPDATE catalog_revision_listener SET lease_until = clock_timestamp() + $3 * interval '1 millisecond',
    seen_revision = $2
  WHERE instance_id = $1 RETURNING 1
)
SELECT (SELECT revision FROM catalog_revision WHERE id = ${CATALOG_REVISION_ROW_ID}) AS revision,
  '${CATALOG_REVISION_CHANNEL}' = ANY (ARRAY(SELECT pg_listening_channels())) AS listening,
  EXISTS (SELECT 1 FROM renewed) AS registered`;

/**
 * What this instance has taken in. Plain assignments, not GREATEST: the statements of one connection
 * run in the order they were sent, each with the revision known when it was sent, so the last one
 * run holds the newest (and after a restored backup, the revision as it is now).
 */
const REPORT_SEEN = `UPDATE catalog_revision_listener SET seen_revision = $2 WHERE instance_id = $1`;

/**
 * PostgreSQL: the committed catalogue revision, pushed, and never stale: a read that starts after
 * a write was acknowledged, by any instance, sees it.
 *
 * One dedicated connection per instance LISTENs on the channel a trigger notifies at each commit
 * that moves the revision. A notification alone proves nothing about time: PostgreSQL queues it at
 * commit, but the listening backend sends it when it gets round to it, and this process reads it
 * when its event loop does, so a client can hear a write acknowledged by instance A and ask
 * instance B before B has it (CI saw exactly this). So the writer waits instead, with leases:
 *
 *   - Each instance holds a row in `catalog_revision_listener`: `seen_revision`, the highest
 *     revision it has taken in (written only after it has), and `lease_until`, renewed by every
 *     heartbeat to the database's clock + leaseMs + LEASE_MARGIN_MS. The instance trusts the pushed
 *     revision (`current`) only until its own clock's send time of the renewal + leaseMs: never
 *     after the database's lease ends, the statement having run after it was sent.
 *   - A writer, after its commit of revision r and before answering, waits until every row with a
 *     running lease has `seen_revision >= r` (catalog-revision.ts, `acknowledgeCommittedRevision`).
 *     An instance reports r as soon as the notification has raised its revision; a heartbeat reads
 *     the revision too and reports it with the next one, so a lost notification costs the writer
 *     at most two heartbeats, and an instance that died silently its lease.
 *   - A heartbeat's reading may be older than a commit its renewal lands after (the statement's
 *     snapshot is taken when it starts), so it lets the instance trust only if it was answered
 *     before the previous lease (or the registration's) ran out on this side: then the lease was
 *     running without a gap, and a writer that committed before the snapshot saw the row running
 *     and waited for the report.
 *
 * Why no read is stale: a client sends its read to B after A acknowledged revision r. When A
 * checked, B's row either had a running lease and `seen_revision >= r`, so B's revision was
 * already >= r (it never goes down); or B's last committed lease had run out, so B's trust from it
 * had ended, and no later heartbeat grants trust until one whose renewal landed after A's check
 * (the previous lease having run out, the next answer came too late), whose successor's snapshot
 * is then after A's commit and reads >= r; or B had no row, and registers after A's check, then
 * trusts only from a heartbeat that starts later and reads >= r. While B does not trust, it reads
 * the revision from the database per burst of requests. The clocks: the argument assumes the
 * database's clock does not jump forward by more than LEASE_MARGIN_MS within a lease (NTP slews,
 * it does not step, once synchronised).
 *
 * Poolers in transaction mode (PgBouncer) do not keep LISTEN: the heartbeat sees the connection is
 * not listening and the revision is read from the database each time (see docs/deployment.md).
 */
export class CatalogRevisionListener {
  readonly instanceId = randomUUID();
  private client: pg.Client | null = null;
  /** The connection once registered: the one the heartbeats go to. */
  private registered: pg.Client | null = null;
  /** The highest committed revision this instance knows of (pushed, read or its own commit): never goes down. */
  private revision = 0;
  /** Until when (ms, performance.now) this instance may trust `revision`. */
  private trustedUntil = 0;
  /** Until when (ms, performance.now) the last committed renewal (or registration) holds, on this side. */
  private leaseUntil = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  /** The connection a heartbeat is waiting on. */
  private heartbeatInFlight: pg.Client | null = null;
  private stopped = false;
  private warned = false;

  constructor(
    private readonly connectionString: string,
    private readonly timing: RevisionListenerTiming = DEFAULT_LISTENER_TIMING,
  ) {}

  /** Connects; resolves once the first heartbeats were answered, or failed (the listener keeps trying). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** The committed revision as pushed, while this instance's lease holds; null: read the database. */
  current(): number | null {
    return performance.now() < this.trustedUntil ? this.revision : null;
  }

  /** After a commit of this instance moved the revision to `revision`: nothing older is answered from now on. */
  noteCommitted(revision: number): void {
    this.revision = Math.max(this.revision, revision);
  }

  /** Whether `current` would answer now (tests, readiness). */
  healthy(): boolean {
    return this.current() !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.trustedUntil = 0;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.client = null;
    this.registered = null;
    // Writers need not wait for this instance's lease to run out.
    await client?.query('DELETE FROM catalog_revision_listener WHERE instance_id = $1', [this.instanceId]).catch(() => undefined);
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
      if (!Number.isSafeInteger(revision) || revision <= this.revision) return;
      this.revision = revision;
      // Reported only now that it is taken in: a writer may answer once it reads this.
      client.query(REPORT_SEEN, [this.instanceId, revision]).catch((error: Error) => this.fail(client, error));
    });
    client.on('error', (error) => this.fail(client, error));
    client.on('end', () => this.fail(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CATALOG_REVISION_CHANNEL}`);
      // Every commit from here on is notified; the lease starts; the first heartbeat's snapshot is
      // after both, and lets this instance trust.
      const sent = performance.now();
      await client.query(REGISTER, [this.instanceId, this.revision, this.timing.leaseMs + LEASE_MARGIN_MS]);
      if (client !== this.client) return;
      this.leaseUntil = sent + this.timing.leaseMs;
      this.registered = client;
      await this.beat(client);
      this.heartbeat ??= setInterval(() => {
        if (this.registered) void this.beat(this.registered);
      }, this.timing.heartbeatMs);
      this.heartbeat.unref();
      if (this.warned && this.healthy()) logger.info('Listening for catalogue revisions again: cached reads skip the database.');
      if (this.healthy()) this.warned = false;
    } catch (error) {
      this.fail(client, error as Error);
    }
  }

  private async beat(client: pg.Client): Promise<void> {
    if (this.heartbeatInFlight === client) return;
    this.heartbeatInFlight = client;
    const sent = performance.now();
    const previousLeaseUntil = this.leaseUntil;
    const known = this.revision;
    try {
      const { rows } = await client.query<{ revision: string | number | null; listening: boolean; registered: boolean }>(
        HEARTBEAT,
        [this.instanceId, known, this.timing.leaseMs + LEASE_MARGIN_MS],
      );
      if (client !== this.client) return;
      const answered = performance.now();
      const row = rows[0];
      if (!row?.registered) {
        // The row is gone (deleted by hand?): no lease, so no trust until registered again.
        this.trustedUntil = 0;
        const again = performance.now();
        await client.query(REGISTER, [this.instanceId, this.revision, this.timing.leaseMs + LEASE_MARGIN_MS]);
        this.leaseUntil = again + this.timing.leaseMs;
        return;
      }
      this.leaseUntil = sent + this.timing.leaseMs;
      if (!row.listening) {
        this.warn('the connection does not keep LISTEN (a pooler in transaction mode?)');
        this.trustedUntil = 0;
        return;
      }
      const read = Number(row.revision ?? 0);
      if (read < known) {
        // Everything known when this was sent had committed before its snapshot: the revision went
        // down (a restored backup). Start again from the reading; trusted from the next heartbeat.
        logger.warn(`The catalogue revision went down from ${known} to ${read}: taken as it is now.`);
        this.revision = read;
        this.trustedUntil = 0;
        return;
      }
      if (read > this.revision) {
        // A commit the notification has not brought yet: taken in now, reported at once.
        this.revision = read;
        client.query(REPORT_SEEN, [this.instanceId, read]).catch((error: Error) => this.fail(client, error));
      }
      // The lease ran without a gap up to this renewal: see the class comment.
      if (answered < previousLeaseUntil) this.trustedUntil = sent + this.timing.leaseMs;
    } catch (error) {
      this.fail(client, error as Error);
    } finally {
      if (this.heartbeatInFlight === client) this.heartbeatInFlight = null;
    }
  }

  private fail(client: pg.Client, error: Error): void {
    if (client !== this.client) return;
    this.client = null;
    this.registered = null;
    this.trustedUntil = 0;
    this.leaseUntil = 0;
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
