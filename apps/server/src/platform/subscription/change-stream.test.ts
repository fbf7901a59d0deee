import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEventEntity } from '../../modules/audit/audit-event.entity.js';
import { queryPlan, READS_WHOLE_TABLE, withGrownTable } from '../../test/query-plan.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { recentEventsQuery } from './change-stream.js';

const AUDIT_COLUMNS = [
  'batch_id',
  'occurred_at',
  'effective_at',
  'actor',
  'entity_type',
  'entity_id',
  'action',
  'summary',
  'changes',
];

describe("the change stream's poll", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.getRepository(AuditEventEntity).insert({
      batchId: 'b',
      effectiveAt: new Date(),
      actor: 'system',
      entityType: 'Program',
      entityId: '1',
      action: 'admission-status-changed',
      summary: 'A change',
      changes: { admissionStatus: { from: 'NOT_SEEKING_PARTNERS', to: 'SEEKING_PARTNERS' } },
    });
  });
  afterAll(() => db?.destroy());

  it('reads the trail after its last id by the primary key, however long the trail', async () => {
    // The subscriptions' poll runs on every change signal: a plan that reads the whole trail (as
    // PostgreSQL without statistics chose for `id > :from` alone) costs more with every event.
    await withGrownTable(db.dataSource, { table: 'audit_event', columns: AUDIT_COLUMNS, count: 5_000 }, async (runner) => {
      const [sql, parameters] = recentEventsQuery(db.dataSource, 4_900).getQueryAndParameters();
      const plan = await queryPlan(runner, sql, parameters);
      expect(plan).toMatch(/PRIMARY KEY|PK_/);
      expect(plan).not.toMatch(READS_WHOLE_TABLE);
      const rows = await runner.query(sql, parameters);
      expect(rows).toHaveLength(101);
    });
  });
});
