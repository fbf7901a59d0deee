import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { autovacuumProblems } from '@certhub/server/postgres-maintenance';
import pg from 'pg';

/** An empty database for the soak's server, which migrates and seeds it as on any first start. */
export interface SoakDatabase {
  url: string;
  /** `SQLite` or `PostgreSQL`, for the report. */
  engine: string;
  /**
   * What makes this database's figures differ from a deployed one's, for the report: on a
   * PostgreSQL server with autovacuum off, dead row versions pile up and the soak slows down
   * (docs/benchmark.md). Asked after the run, when the server has made its tables.
   */
  caveats(): Promise<string[]>;
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
      engine: 'SQLite',
      caveats: async () => [],
      drop: async () => undefined,
    };
  }
  const database = `certhub_soak_${randomBytes(6).toString('hex')}`;
  await onServer(postgresUrl, `CREATE DATABASE ${database}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
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
    drop: () => onServer(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
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
