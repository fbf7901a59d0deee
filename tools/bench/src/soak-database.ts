import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/** An empty database for the soak's server, which migrates and seeds it as on any first start. */
export interface SoakDatabase {
  url: string;
  /** `SQLite` or `PostgreSQL`, for the report. */
  engine: string;
  drop(): Promise<void>;
}

/**
 * A new SQLite file in `folder` (removed with the folder), or a new database on the PostgreSQL
 * server of `postgresUrl`, dropped after: either way the run starts from nothing, as a new install.
 */
export async function freshDatabase(folder: string, postgresUrl: string | null): Promise<SoakDatabase> {
  if (!postgresUrl) {
    return { url: `sqlite:${path.join(folder, 'soak.sqlite')}`, engine: 'SQLite', drop: async () => undefined };
  }
  const name = `certhub_soak_${randomBytes(6).toString('hex')}`;
  await onServer(postgresUrl, `CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    engine: 'PostgreSQL',
    drop: () => onServer(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
