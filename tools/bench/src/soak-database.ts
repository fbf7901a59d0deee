import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { autovacuumProblems } from '@certhub/server/postgres-maintenance';
import pg from 'pg';
import { cpuTimeMs } from './proc-stats.js';

/** An empty database for the soak's server, which migrates and seeds it as on any first start. */
export interface SoakDatabase {
  url: string;
  /** Which of the run's servers it belongs to (`soak`, `fresh`). */
  name: string;
  /** `SQLite` or `PostgreSQL`, for the report. */
  engine: string;
  /**
   * What makes this database's figures differ from a deployed one's, for the report: on a
   * PostgreSQL server with autovacuum off, dead row versions pile up and the soak slows down
   * (docs/benchmark.md). Asked after the run, when the server has made its tables.
   */
  caveats(): Promise<string[]>;
  /**
   * CPU time used so far by the database server's processes serving this database (PostgreSQL's
   * backends, read from /proc when the server runs on this machine), in ms; null for SQLite, which
   * runs in the server's own process, or where they cannot be read.
   */
  backendCpuMs(): Promise<number | null>;
  drop(): Promise<void>;
}

/**
 * A new SQLite file in `folder` (removed with the folder), or a new database on the PostgreSQL
 * server of `postgresUrl`, dropped after: either way the run starts from nothing, as a new install.
 * `name` tells apart the files of several servers in one folder.
 */
export async function freshDatabase(folder: string, postgresUrl: string | null, name = 'soak'): Promise<SoakDatabase> {
  if (!postgresUrl) {
    return {
      url: `sqlite:${path.join(folder, `${name}.sqlite`)}`,
      name,
      engine: 'SQLite',
      caveats: async () => [],
      backendCpuMs: async () => null,
      drop: async () => undefined,
    };
  }
  const database = `certhub_soak_${randomBytes(6).toString('hex')}`;
  await onServer(postgresUrl, `CREATE DATABASE ${database}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  // Kept open while the database lives: the CPU is read twice in every window of the comparison.
  let observer: Promise<pg.Client> | null = null;
  const observe = () => {
    observer ??= (async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      return client;
    })();
    return observer;
  };
  return {
    url: url.toString(),
    name,
    engine: 'PostgreSQL',
    caveats: async () => {
      const problems = await onDatabase(url.toString(), async (client) =>
        autovacuumProblems(async (sql) => (await client.query(sql)).rows),
      );
      return problems.length === 0
        ? []
        : [
            `PostgreSQL will not reclaim dead rows during the run: ${problems.join('; ')}. A deployed server vacuums ` +
              '(docs/deployment.md); here the outbox keeps the index entries of its sent rows and no table has ' +
              "statistics, so the figures may fall short of a deployed server's.",
          ];
    },
    backendCpuMs: async () => {
      const client = await observe();
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
      const readings = rows.map((row) => cpuTimeMs(row.pid));
      // A backend that cannot be read (the server on another machine, another user's process): no figure rather than a low one.
      if (readings.length === 0 || readings.some((reading) => reading === null)) return null;
      return readings.reduce<number>((sum, reading) => sum + (reading ?? 0), 0);
    },
    drop: async () => {
      if (observer) await (await observer).end();
      await onServer(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  await onDatabase(serverUrl, (client) => client.query(statement));
}

async function onDatabase<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
