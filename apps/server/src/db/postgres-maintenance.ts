import type { DataSource } from 'typeorm';

/** Runs one statement on a PostgreSQL database and resolves to its rows. */
export type RunSql = (sql: string) => Promise<unknown[]>;

/**
 * Why the database's cost could grow as the server runs: PostgreSQL's settings that stop
 * autovacuum from reclaiming the dead row versions updates leave behind, and from analysing tables.
 * CertHub updates a few small rows many times a second (the catalogue revision, listener leases,
 * program statuses, outbox claims); all are HOT updates that PostgreSQL clears in the page without
 * vacuum, except an outbox row's outcome (sent, retried, failed), and the frequent statements keep
 * to their indexes without statistics, so the soak holds without vacuum (docs/benchmark.md); but
 * each outcome leaves dead index entries and a dead row's slot that only vacuum removes (the outbox
 * worker's read steps over them: outbox-worker.ts), and other plans need statistics. Empty on
 * SQLite and on a server that vacuums.
 * The benchmarks' soak asks it too, through its own client.
 */
export async function autovacuumProblems(runSql: RunSql): Promise<string[]> {
  const [settings] = (await runSql(
    `SELECT current_setting('autovacuum') AS autovacuum, current_setting('track_counts') AS track_counts`,
  )) as Array<{ autovacuum: string; track_counts: string }>;
  const problems: string[] = [];
  if (settings?.autovacuum !== 'on') problems.push('the server setting autovacuum is off');
  if (settings?.track_counts !== 'on') problems.push('the server setting track_counts is off, which autovacuum needs');
  const disabledTables = (await runSql(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'r'
        AND c.reloptions::text[] && ARRAY['autovacuum_enabled=false', 'autovacuum_enabled=off']
      ORDER BY c.relname`,
  )) as Array<{ name: string }>;
  if (disabledTables.length > 0)
    problems.push(`autovacuum is disabled on the tables ${disabledTables.map(({ name }) => name).join(', ')}`);
  return problems;
}

/** Logs, once at start-up, what `autovacuumProblems` finds, with what the operator can do. */
export async function warnWhenAutovacuumIsOff(dataSource: DataSource, log: { warn(message: string): void }): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') return [];
  const problems = await autovacuumProblems((sql) => dataSource.query(sql));
  if (problems.length > 0)
    log.warn(
      `PostgreSQL will not reclaim dead rows: ${problems.join('; ')}. The outboxes then keep the index entries of every ` +
        'row they sent, and no table gets statistics. Turn autovacuum on, or run VACUUM (ANALYZE) on the database every few minutes ' +
        '(docs/deployment.md, "PostgreSQL").',
    );
  return problems;
}
