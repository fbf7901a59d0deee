import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../db/data-source.js';

/**
 * A fresh, migrated database for one test file: a SQLite file in a temporary folder, or, when
 * TEST_DATABASE_URL names a PostgreSQL server, a new database created on it and dropped after.
 */
export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = await createEmptyDatabase();
  const dataSource = await openDatabase(url.url);
  return {
    url: url.url,
    dataSource,
    async destroy() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await url.drop();
    },
  };
}

export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl?.startsWith('postgres')) {
    const name = `certhub_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'certhub-test-'));
  return {
    url: `sqlite:${path.join(folder, 'certhub.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
