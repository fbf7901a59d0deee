import { StaffRole } from '@certhub/domain/staff';
import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteReader } from '../../db/sqlite-reader.js';
import { throughDatabase } from '../../test/database-path.js';
import { queryPlan, READS_WHOLE_TABLE, withGrownTable } from '../../test/query-plan.js';
import { importSyntheticCatalog } from '../../test/seed-catalog.js';
import { countPrepares } from '../../test/sqlite-prepares.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { STATUS_CHANGE_LAST, STATUS_CHANGES_AFTER } from './catalog-read-model.service.js';

/** What the public pages read of one program, its status history included. */
const PROGRAM_PAGE = `query ($slug: String!) {
  program(slug: $slug) {
    id slug name position admissionStatus specAvailability labAvailability version statusChangedAt createdAt updatedAt
    category { id slug name position version }
    specs { id title url version }
    labs { id slug name url version programs { slug } }
    statusHistory { from to changedAt }
  }
}`;

const PROGRAM_VERSION = 'query ($slug: String!) { program(slug: $slug) { id version } }';

/** What only staff read of programs: the staff-only columns, and every pending scheduled change, whole. */
const STAFF_PROGRAMS = `{
  categories { programs { slug partnerCapacity internalNotes scheduledChanges { effectiveAt admissionStatus announce createdBy version } } }
  program(slug: "gateway") { slug version partnerCapacity internalNotes partnerPlacesTaken }
}`;

/**
 * Every request is answered from the in-memory read model, staff ones too (their staff-only
 * fields loaded beside it). The answers must be the bytes the database path gives (the same
 * operation run with the model out of the way, test/database-path.ts), before and after the
 * catalogue changes, and the model must cost one statement per request whatever the catalogue's size.
 */
describe('the catalogue read model', () => {
  let server: TestServer;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(async () => {
    // The response cache off: every answer here is executed.
    server = await startTestServer((db) => importSyntheticCatalog(db.dataSource, 120), { responseCacheEntries: 0 });
    staff = await server.signIn(StaffRole.EDITOR);
    visitor = server.client();
  }, 120_000);
  afterAll(() => server?.close());

  /** The caller's answer over HTTP (from the model), checked against the database path's; visitor by default. */
  async function sameFromModelAndDatabase(
    query: string,
    variables?: Record<string, unknown>,
    caller: TestClient = visitor,
  ): Promise<string> {
    const fromModel = await caller.graphql(query, variables);
    const fromDatabase = await throughDatabase(server, query, { variables, caller });
    expect(fromModel.body.errors).toBeUndefined();
    expect(fromDatabase.errors).toBeUndefined();
    expect(JSON.stringify(fromModel.body.data)).toBe(fromDatabase.data);
    return fromDatabase.data;
  }

  it('answers the whole catalogue and a program page with the bytes the database path gives', async () => {
    const catalogue = await sameFromModelAndDatabase(WHOLE_CATALOG_QUERY);
    expect(catalogue).toContain('"programs":[{');
    expect(await sameFromModelAndDatabase(WHOLE_CATALOG_QUERY, undefined, staff)).toBe(catalogue);
    await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'gateway' });
    await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'gateway' }, staff);
    expect(await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'no-such-program' })).toBe('{"program":null}');
  });

  it('shows a change at once: a status move, its history, and a closed program', async () => {
    const before = await sameFromModelAndDatabase(WHOLE_CATALOG_QUERY);
    const gateway = (await staff.graphql<{ program: { id: string; version: number } }>(PROGRAM_VERSION, { slug: 'gateway' })).body
      .data?.program;
    const moved = await staff.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: gateway?.id, status: 'SEEKING_PARTNERS', expectedVersion: gateway?.version } },
    );
    expect(moved.body.errors).toBeUndefined();
    const page = await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'gateway' });
    expect(page).toContain('"admissionStatus":"SEEKING_PARTNERS"');
    expect(page).toContain('"to":"SEEKING_PARTNERS"');

    const sbc = (await staff.graphql<{ program: { id: string; version: number } }>(PROGRAM_VERSION, { slug: 'sbc' })).body.data
      ?.program;
    const closed = await staff.graphql(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { version } }`, {
      input: { programId: sbc?.id, expectedVersion: sbc?.version },
    });
    expect(closed.body.errors).toBeUndefined();
    const after = await sameFromModelAndDatabase(WHOLE_CATALOG_QUERY);
    expect(after).not.toBe(before);
    expect(after).not.toContain('"slug":"sbc"');
    expect(await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'sbc' })).toContain('"admissionStatus":"CLOSED"');
  });

  it('costs one statement per executed request once built, whatever the size', async () => {
    await visitor.graphql(WHOLE_CATALOG_QUERY);
    const again = await visitor.graphql(WHOLE_CATALOG_QUERY);
    // At most the revision read (none on PostgreSQL while the revision is pushed): the model of that revision is already in memory.
    expect(Number(again.headers.get('x-sql-statements'))).toBeLessThanOrEqual(1);
  });

  it('carries the status history from model to model: a build reads only the changes since the last, in the same order', async () => {
    const models = server.services.catalogReadModel;
    const setStatus = async (slug: string, status: string) => {
      const program = (await staff.graphql<{ program: { id: string; version: number } }>(PROGRAM_VERSION, { slug })).body.data
        ?.program;
      const moved = await staff.graphql(
        `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
        { input: { programId: program?.id, status, expectedVersion: program?.version } },
      );
      expect(moved.body.errors).toBeUndefined();
    };
    const before = await models.modelAt();
    const gateway = before.program('gateway');
    const untouched = before.categories
      .flatMap((category) => before.listedProgramsOfCategory(category.id))
      .find((program) => program.slug !== 'gateway');
    if (!gateway || !untouched) throw new Error('seed programs missing');
    expect(before.statusHistoryOf(untouched.id).length).toBeGreaterThan(0);
    for (const status of ['NOT_SEEKING_PARTNERS', 'SEEKING_PARTNERS', 'NOT_SEEKING_PARTNERS']) await setStatus('gateway', status);
    const after = await models.modelAt();
    expect(after.revision).toBeGreaterThan(before.revision);
    // Not read again: the very lists of the last model, for every program that did not move.
    expect(after.statusHistoryOf(untouched.id)).toBe(before.statusHistoryOf(untouched.id));
    expect(after.statusHistoryOf(gateway.id).changes().slice(0, before.statusHistoryOf(gateway.id).length)).toEqual(
      before.statusHistoryOf(gateway.id).changes(),
    );
    expect(after.statusHistoryOf(gateway.id).length).toBe(before.statusHistoryOf(gateway.id).length + 3);
    // And the same as the database gives, whole.
    await sameFromModelAndDatabase(PROGRAM_PAGE, { slug: 'gateway' });
  });

  it('prepares its statements once per connection, not once per revision', async (context) => {
    const reader = sqliteReader(server.db.dataSource);
    if (!reader) return context.skip();
    const models = server.services.catalogReadModel;
    const built = await models.modelAt();
    // One the other tests leave alone.
    const slug = built.categories
      .flatMap((category) => built.listedProgramsOfCategory(category.id))
      .find((listed) => listed.slug !== 'gateway' && listed.slug !== 'sbc')?.slug as string;
    const program = (await staff.graphql<{ program: { id: string; version: number } }>(PROGRAM_VERSION, { slug })).body.data
      ?.program;
    const status = built.program(slug)?.admissionStatus === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
    const moved = await staff.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: program?.id, status, expectedVersion: program?.version } },
    );
    expect(moved.body.errors).toBeUndefined();
    const prepares = countPrepares(reader);
    try {
      expect((await models.modelAt()).revision).toBeGreaterThan(built.revision);
      expect(prepares.count()).toBe(0);
    } finally {
      prepares.stop();
    }
  });

  it('reads the new status changes by the primary key alone, never walking the whole history', async () => {
    // A SCAN (SQLite) or Seq Scan (PostgreSQL) visits every row, so each build would cost more as
    // the history grows. PostgreSQL without statistics chose one for `id > $1` alone on a history
    // of a few hundred rows; the history grown here is a long-running server's.
    const history = { table: 'program_status_change', columns: ['program_id', 'from_status', 'to_status', 'changed_at'] };
    await withGrownTable(server.db.dataSource, { ...history, count: 5_000 }, async (runner) => {
      const [{ last }] = (await runner.query(STATUS_CHANGE_LAST)) as [{ last: number }];
      expect(await queryPlan(runner, STATUS_CHANGE_LAST, [])).not.toMatch(READS_WHOLE_TABLE);
      const postgres = server.db.dataSource.options.type === 'postgres';
      const after = await queryPlan(runner, postgres ? STATUS_CHANGES_AFTER.postgres : STATUS_CHANGES_AFTER.sqlite, [
        Number(last) - 10,
        Number(last),
      ]);
      expect(after).toMatch(postgres ? /program_status_change_pkey|PK_/ : /PRIMARY KEY/);
      expect(after).not.toMatch(READS_WHOLE_TABLE);
    });
  });

  it('answers staff from the model too, with their staff-only fields and unannounced changes from the database, batched', async () => {
    const gateway = (await staff.graphql<{ program: { id: string; version: number } }>(PROGRAM_VERSION, { slug: 'gateway' })).body
      .data?.program;
    const updated = await staff.graphql(`mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { version } }`, {
      input: { programId: gateway?.id, expectedVersion: gateway?.version, partnerCapacity: 7, internalNotes: 'Call first.' },
    });
    expect(updated.body.errors).toBeUndefined();
    const scheduled = await staff.graphql(
      `mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id } }`,
      {
        input: {
          programId: gateway?.id,
          effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          // The status gateway does not have now (the test before leaves it not seeking partners).
          admissionStatus: 'SEEKING_PARTNERS',
          reason: 'Not announced.',
        },
      },
    );
    expect(scheduled.body.errors).toBeUndefined();
    await staff.graphql(STAFF_PROGRAMS);
    const answer = await staff.graphql(STAFF_PROGRAMS);
    expect(answer.body.errors).toBeUndefined();
    const data = JSON.stringify(answer.body.data);
    expect(data).toContain('"partnerCapacity":7,"internalNotes":"Call first."');
    expect(data).toContain('"announce":false');
    expect((await throughDatabase(server, STAFF_PROGRAMS, { caller: staff })).data).toBe(data);
    // The session, the revision, the staff-only columns of every program at once, their scheduled
    // changes and places taken: no more with 120 programs than with one.
    expect(Number(answer.headers.get('x-sql-statements'))).toBeLessThanOrEqual(6);
    // The public still sees only the announced ones.
    const publicAnswer = await visitor.graphql('{ program(slug: "gateway") { scheduledChanges { effectiveAt } } }');
    expect(publicAnswer.body.data).toEqual({ program: { scheduledChanges: [] } });
  });

  it('serves no staff-only field from the model', async () => {
    const answer = await visitor.graphql('{ categories { programs { internalNotes } } }');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
