import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
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
