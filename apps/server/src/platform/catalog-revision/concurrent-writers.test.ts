import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { HowToJoinContent } from '@certhub/domain/catalog';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { GraphQLError } from 'graphql';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionRetries } from '../../db/transaction.js';
import { AuditEventEntity } from '../../modules/audit/audit-event.entity.js';
import { CatalogImportService } from '../../modules/catalog-import/catalog-import.service.js';
import { ProgramEntity } from '../../modules/program/program.entity.js';
import { ProgramEditService } from '../../modules/program/program-edit.service.js';
import { ProgramStatusBatchService } from '../../modules/program/program-status-batch.service.js';
import type { AuditActor } from '../../shared/request-context.js';
import { importSeed, seedPage } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';

const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const BY: AuditActor = { actor: 'editor@example.com', actorId: null, requestId: null };

/**
 * Issue 13, item 8: writers of the catalogue that overlap. On PostgreSQL a raw connection holds a
 * lock so that the writers meet at a chosen step, every run the same way: they used to deadlock
 * (a batch of status changes against a single edit) or lose an edit (an import). On SQLite,
 * where transactions take turns, the same writers start in the same order and must end the same.
 */
describe('catalogue writers at the same time', () => {
  let db: TestDatabase;
  let barrier: Barrier | null;
  beforeEach(async () => {
    db = await createTestDatabase();
    await importSeed(db.dataSource);
    barrier = ON_POSTGRES ? await Barrier.open(db.url) : null;
  });
  afterEach(async () => {
    await barrier?.close();
    await db.destroy();
  });

  const program = (slug: string) => db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug });

  it('a batch of status changes and a single edit of one of its programs do not deadlock', async () => {
    const [first, second] = [await program('ip-phones'), await program('pcs')];
    // The batch reaches the catalogue revision first; the edit comes while it waits there.
    await barrier?.lock('SELECT 1 FROM catalog_revision FOR UPDATE');
    const batch = new ProgramStatusBatchService(db.dataSource).setMany(
      {
        programIds: [first.id, second.id],
        status: AdmissionStatus.SEEKING_PARTNERS,
        expectedVersions: [first.version, second.version],
      },
      BY,
    );
    await barrier?.waiting(1);
    const edit = new ProgramEditService(db.dataSource).setAdmissionStatus(
      { programId: second.id, status: AdmissionStatus.NO_ADMISSION_REVIEW, expectedVersion: second.version },
      BY,
    );
    await barrier?.waiting(2, edit);
    await barrier?.release();

    const [batched, edited] = await Promise.allSettled([batch, edit]);
    expect(outcome(batched)).toBe('done');
    // The edit was made at the version the batch replaced: refused, never a deadlock or a 500.
    expect(outcome(edited)).toBe('CONFLICT');
    expect((await program('pcs')).admissionStatus).toBe(AdmissionStatus.SEEKING_PARTNERS);
    // Ordered, not merely retried.
    expect(transactionRetries(db.dataSource)).toBe(0);
  });

  it('an import never overwrites an edit committed while it runs', async () => {
    const [first, second] = [await program('ip-phones'), await program('pcs')];
    const page = withStatuses(parseHowToJoinPage(seedPage), ['IP Phones', 'PCs'], AdmissionStatus.SEEKING_PARTNERS);
    // The import stops at the first program it writes, before the second one.
    await barrier?.lock(`SELECT 1 FROM program WHERE id = ${first.id} FOR UPDATE`);
    const imported = new CatalogImportService(db.dataSource).importContent(page);
    await barrier?.waiting(1);
    const edit = new ProgramEditService(db.dataSource).update(second.id, second.version, { name: 'Personal Computers' }, BY);
    await barrier?.waiting(2, edit);
    await barrier?.release();

    const [importing, edited] = await Promise.allSettled([imported, edit]);
    expect(outcome(importing)).toBe('done');
    expect(outcome(edited)).toBe('CONFLICT');
    const after = await program('pcs');
    expect(after.admissionStatus).toBe(AdmissionStatus.SEEKING_PARTNERS);
    // What the program is named is what its audit trail says it was last named, if it was renamed.
    const events = await db.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { entityType: 'Program', entityId: String(second.id) }, order: { id: 'ASC' } });
    const named = events.flatMap((event) => {
      const change = event.changes?.name as { to?: unknown } | undefined;
      return change?.to ? [change.to] : [];
    });
    expect(after.name).toBe(named.at(-1) ?? second.name);
    expect(transactionRetries(db.dataSource)).toBe(0);
  });
});

function withStatuses(content: HowToJoinContent, names: string[], status: AdmissionStatus): HowToJoinContent {
  return {
    ...content,
    programs: content.programs.map((program) =>
      names.includes(program.name) ? { ...program, admissionStatus: status } : program,
    ),
  };
}

function outcome(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'done';
  const { reason } = result;
  return reason instanceof GraphQLError ? String(reason.extensions.code) : String(reason);
}

/**
 * PostgreSQL only: a raw connection that holds a row lock in an open transaction, so the writers
 * line up behind it, and tells when they wait.
 */
class Barrier {
  private constructor(
    private readonly holder: pg.Client,
    private readonly observer: pg.Client,
    private readonly database: string,
  ) {}

  static async open(url: string): Promise<Barrier> {
    const holder = new pg.Client({ connectionString: url });
    const observer = new pg.Client({ connectionString: url });
    await holder.connect();
    await observer.connect();
    return new Barrier(holder, observer, new URL(url).pathname.slice(1));
  }

  async lock(sql: string): Promise<void> {
    await this.holder.query('BEGIN');
    await this.holder.query(sql);
  }

  /** Until `count` connections of the database wait for a lock, or `settled` (a writer that needed no lock) ends. */
  async waiting(count: number, settled?: Promise<unknown>): Promise<void> {
    let done = false;
    settled?.then(
      () => (done = true),
      () => (done = true),
    );
    for (let poll = 0; poll < 500 && !done; poll++) {
      const { rows } = await this.observer.query<{ count: string }>(
        `SELECT COUNT(*) AS count FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [this.database],
      );
      if (Number(rows[0]?.count) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!done) throw new Error(`Fewer than ${count} connections came to wait for a lock.`);
  }

  async release(): Promise<void> {
    await this.holder.query('COMMIT');
  }

  async close(): Promise<void> {
    await this.holder.end();
    await this.observer.end();
  }
}
