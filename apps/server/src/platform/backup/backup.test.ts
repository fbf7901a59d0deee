import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
import { countStatements } from '../../db/sql-statement-counter.js';
import { importSeed } from '../../test/seed-catalog.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { BackupError, backupDatabase, restoreDatabase, tablesInDependencyOrder } from './backup.js';

/** Every row of every table, in primary-key order, with dates as text: what must survive a round trip. */
async function contents(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tablesInDependencyOrder(dataSource)) {
    const metadata = dataSource.entityMetadatas.find((candidate) => candidate.tableName === table);
    const order = (metadata?.primaryColumns ?? []).map((column) => `"${column.databaseName}"`).join(', ');
    const rows = (await dataSource.query(`SELECT * FROM "${table}" ORDER BY ${order}`)) as Array<Record<string, unknown>>;
    result[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])),
    );
  }
  return result;
}

describe('backup and restore', () => {
  let server: TestServer;
  let folder: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    folder = mkdtempSync(path.join(tmpdir(), 'certhub-backup-'));
    // Some of everything: staff, an edit with its history and audit, an application with its outbox.
    const editor = await server.signIn('EDITOR');
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "ip-phones") { id version } }`,
    );
    const edit = await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: body.data?.program.id, status: 'SEEKING_PARTNERS', expectedVersion: body.data?.program.version } },
    );
    expect(edit.body.errors).toBeUndefined();
    const { body: requirements } = await server.graphql<{ requirements: Array<{ id: string }> }>(`{ requirements { id } }`);
    const application = await server.graphql(
      `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { reference } }`,
      {
        input: {
          programId: body.data?.program.id,
          companyName: 'Backup Phones',
          companyWebsite: 'https://backup.example',
          headquartersCountry: 'FR',
          contactName: 'Ada',
          contactEmail: 'ada@backup.example',
          productSummary: 'Phones.',
          message: 'Please admit us.',
          attestedRequirementIds: requirements.data?.requirements.map((requirement) => requirement.id),
        },
      },
    );
    expect(application.body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips every table of a live database, row for row', async () => {
    const file = path.join(folder, 'certhub.backup');
    const summary = await backupDatabase(server.db.url, file);
    expect(summary.rows).toBeGreaterThan(50);
    // Password hashes and API keys: for the owner's eyes only.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const target = await createEmptyDatabase();
    try {
      const restored = await restoreDatabase(target.url, file);
      expect(restored.rows).toBe(summary.rows);
      const copy = await openDatabase(target.url);
      try {
        expect(await contents(copy)).toEqual(await contents(server.db.dataSource));
        // New rows get ids after the restored ones.
        await copy.query(`INSERT INTO category (slug, name, position) VALUES ('after-restore', 'After restore', 99)`);
      } finally {
        await copy.destroy();
      }
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore over a database that has data, and changes nothing', async () => {
    const file = path.join(folder, 'again.backup');
    await backupDatabase(server.db.url, file);
    const busy: TestDatabase = await createTestDatabase();
    try {
      await importSeed(busy.dataSource);
      const before = await contents(busy.dataSource);
      await expect(restoreDatabase(busy.url, file)).rejects.toBeInstanceOf(BackupError);
      expect(await contents(busy.dataSource)).toEqual(before);
    } finally {
      await busy.destroy();
    }
  });
});

const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

/**
 * Issue 13, item 11: the PostgreSQL export grows with the audit trail. It is read a batch at a
 * time through a cursor and written a row per line as it goes, and restored the same way; files
 * of the earlier, one-document format still restore.
 */
describe.skipIf(!ON_POSTGRES)(
  ON_POSTGRES
    ? 'a PostgreSQL backup of a long audit trail'
    : 'a PostgreSQL backup of a long audit trail (skipped: SQLite backups are page copies by SQLite itself)',
  () => {
    const AUDIT_ROWS = 2_345;
    const BATCH_ROWS = 100;
    let db: TestDatabase;
    let folder: string;
    beforeAll(async () => {
      db = await createTestDatabase();
      await importSeed(db.dataSource);
      await db.dataSource.query(
        `INSERT INTO audit_event (batch_id, actor, entity_type, entity_id, action, summary, changes)
         SELECT 'bulk', 'test', 'Program', n::text, 'bulk-note', 'Note ' || n, '{"n":{"from":null,"to":1}}'
         FROM generate_series(1, ${AUDIT_ROWS}) AS n`,
      );
      folder = mkdtempSync(path.join(tmpdir(), 'certhub-backup-stream-'));
    });
    afterAll(async () => {
      await db.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    const restoreAndCompare = async (file: string) => {
      const target = await createEmptyDatabase();
      try {
        await restoreDatabase(target.url, file);
        const copy = await openDatabase(target.url);
        try {
          expect(await contents(copy)).toEqual(await contents(db.dataSource));
        } finally {
          await copy.destroy();
        }
      } finally {
        await target.drop();
      }
    };

    it('reads rows in batches, writes one per line, and restores them identically', async () => {
      const file = path.join(folder, 'streamed.backup');
      const { result: summary, statements } = await countStatements(() =>
        backupDatabase(db.url, file, { batchRows: BATCH_ROWS }),
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const header = JSON.parse(lines[0] ?? '');
      expect(header).toMatchObject({ kind: 'certhub-backup', format: 2 });
      // A line per row, per table and the header and end: no line holds more than one row.
      expect(lines).toHaveLength(summary.rows + summary.tables + 2);
      expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ end: true, rows: summary.rows });
      // The batch size sets how many fetches the audit trail takes: one statement per batch.
      const { statements: withLargerBatches } = await countStatements(() =>
        backupDatabase(db.url, path.join(folder, 'larger-batches.backup'), { batchRows: BATCH_ROWS * 10 }),
      );
      expect(statements - withLargerBatches).toBeGreaterThanOrEqual(
        Math.floor(AUDIT_ROWS / BATCH_ROWS) - Math.ceil(AUDIT_ROWS / (BATCH_ROWS * 10)),
      );
      await restoreAndCompare(file);
    });

    it('refuses a file cut short, leaving the target empty', async () => {
      const file = path.join(folder, 'whole.backup');
      await backupDatabase(db.url, file, { batchRows: BATCH_ROWS });
      const cut = path.join(folder, 'cut.backup');
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      writeFileSync(cut, `${lines.slice(0, -10).join('\n')}\n`);
      const target = await createEmptyDatabase();
      try {
        await expect(restoreDatabase(target.url, cut)).rejects.toThrow(/cut short/);
        const copy = await openDatabase(target.url);
        try {
          expect(await copy.query('SELECT COUNT(*)::int AS count FROM audit_event')).toEqual([{ count: 0 }]);
        } finally {
          await copy.destroy();
        }
      } finally {
        await target.drop();
      }
    });

    it('still restores a backup of the earlier format (one JSON document)', async () => {
      const tables = [];
      for (const name of tablesInDependencyOrder(db.dataSource)) {
        tables.push({ name, rows: await db.dataSource.query(`SELECT * FROM "${name}"`) });
      }
      const migrations = ((await db.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map(
        (row) => row.name,
      );
      const file = path.join(folder, 'format-1.backup');
      writeFileSync(
        file,
        JSON.stringify({ kind: 'certhub-backup', dialect: 'postgres', createdAt: new Date().toISOString(), migrations, tables }),
      );
      await restoreAndCompare(file);
    });
  },
);
