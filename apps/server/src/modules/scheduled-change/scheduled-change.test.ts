import { ErrorReason } from '@certhub/domain/error-codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { toGlobalId } from '../../shared/global-id.js';
import { ManualClock } from '../../test/manual-clock.js';
import { importSeed } from '../../test/seed-catalog.js';
import { createStaffUser } from '../../test/staff.js';
import { STAFF_PASSWORD, startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { ScheduledChangeEntity } from './scheduled-change.entity.js';

const HOUR = 3_600_000;

const SCHEDULE = `mutation ($input: ScheduleProgramChangeInput!) {
  scheduleProgramChange(input: $input) { id effectiveAt admissionStatus announce reason state version edits { field value } }
}`;
const CANCEL = `mutation ($input: CancelScheduledChangeInput!) {
  cancelScheduledChange(input: $input) { id state outcome version }
}`;
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) {
  setProgramAdmissionStatus(input: $input) { admissionStatus version }
}`;
const UPDATE = `mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { name version } }`;
const PUBLIC_PROGRAM = `query ($slug: String!) {
  program(slug: $slug) {
    id admissionStatus version statusChangedAt statusHistory { from to changedAt } scheduledChanges { id effectiveAt admissionStatus }
  }
}`;

interface PublicProgram {
  id: string;
  admissionStatus: string;
  version: number;
  statusChangedAt: string;
  statusHistory: Array<{ from: string | null; to: string; changedAt: string }>;
  scheduledChanges: Array<{ id: string; effectiveAt: string; admissionStatus: string | null }>;
}
interface Scheduled {
  id: string;
  effectiveAt: string;
  admissionStatus: string | null;
  announce: boolean;
  reason: string;
  state: string;
  version: number;
  edits: Array<{ field: string; value: string | null }>;
}

describe('scheduled changes', () => {
  const clock = new ManualClock(new Date());
  let server: TestServer;
  let editor: TestClient;

  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, clock },
    });
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const program = async (slug: string, client: TestClient = server) => {
    const { body } = await client.graphql<{ program: PublicProgram }>(PUBLIC_PROGRAM, { slug });
    if (!body.data?.program) throw new Error(JSON.stringify(body));
    return body.data.program;
  };
  const schedule = async (input: Record<string, unknown>) => {
    const { body } = await editor.graphql<{ scheduleProgramChange: Scheduled }>(SCHEDULE, { input });
    // The runner has seen the change (the change signal re-arms it) before the test moves the clock.
    await server.scheduledChangeRunner.idle();
    return body;
  };
  const scheduled = async (input: Record<string, unknown>) => {
    const body = await schedule(input);
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.scheduleProgramChange;
  };
  /** Moves the clock and waits for the pass its timer starts. */
  const advanceTo = async (moment: Date) => {
    clock.set(moment);
    await server.scheduledChangeRunner.idle();
  };
  const rowOf = (id: string) =>
    server.db.dataSource
      .getRepository(ScheduledChangeEntity)
      .findOneByOrFail({ id: Number(Buffer.from(id, 'base64url').toString().split(':')[1]) });
  const auditOf = (entityType: string, entityId: string, action: string) =>
    server.db.dataSource.getRepository(AuditEventEntity).findBy({ entityType, entityId, action });

  it('refuses anonymous callers and staff who must change their password, writing nothing', async () => {
    const sbc = await program('sbc');
    const input = {
      programId: sbc.id,
      effectiveAt: new Date(clock.now().getTime() + HOUR).toISOString(),
      admissionStatus: 'SEEKING_PARTNERS',
      reason: 'x',
    };
    const anonymous = await server.graphql(SCHEDULE, { input });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await createStaffUser(server.db.dataSource, {
      email: 'new@example.com',
      role: 'ADMIN',
      password: STAFF_PASSWORD,
      mustChangePassword: true,
    });
    const newcomer = server.client();
    await newcomer.graphql(`mutation { login(email: "new@example.com", password: "${STAFF_PASSWORD}") { id } }`);
    const refused = await newcomer.graphql(SCHEDULE, { input });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancel = await server.graphql(CANCEL, {
      input: { scheduledChangeId: toGlobalId('ScheduledChange', 1), expectedVersion: 1 },
    });
    expect(cancel.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const list = await server.graphql('{ scheduledChanges { totalCount } }');
    expect(list.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await server.db.dataSource.getRepository(ScheduledChangeEntity).count()).toBe(0);
  });

  it('refuses a moment not in the future, an unknown program, and a change to what the program has', async () => {
    const sbc = await program('sbc');
    const base = { programId: sbc.id, effectiveAt: new Date(clock.now().getTime() + HOUR).toISOString(), reason: 'Planned' };
    const past = await schedule({
      ...base,
      admissionStatus: 'SEEKING_PARTNERS',
      effectiveAt: new Date(clock.now().getTime() - 1000).toISOString(),
    });
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveAt' });
    const unknown = await schedule({ ...base, admissionStatus: 'SEEKING_PARTNERS', programId: toGlobalId('Program', 99_999) });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.programId' });
    const same = await schedule({ ...base, admissionStatus: 'NOT_SEEKING_PARTNERS' });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.admissionStatus' });
    const nothing = await schedule(base);
    expect(nothing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.admissionStatus' });
    const closing = await schedule({ ...base, admissionStatus: 'CLOSED' });
    expect(closing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.admissionStatus' });
    const noReason = await schedule({ ...base, admissionStatus: 'SEEKING_PARTNERS', reason: '  ' });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const badContact = await schedule({ ...base, changes: { admissionContact: 'not an address' } });
    expect(badContact.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.changes.admissionContact' });
    expect(await server.db.dataSource.getRepository(ScheduledChangeEntity).count()).toBe(0);
  });

  it('announces a change publicly, makes it at its moment through the manual path, and turns the public cache over', async () => {
    const before = await program('sbc');
    const at = new Date(clock.now().getTime() + 2 * HOUR);
    const change = await scheduled({
      programId: before.id,
      effectiveAt: at.toISOString(),
      admissionStatus: 'SEEKING_PARTNERS',
      changes: { admissionContact: 'sbc-program@example.com' },
      reason: 'Opening for the 2027 cycle',
      announce: true,
    });
    expect(change).toMatchObject({
      state: 'PENDING',
      announce: true,
      edits: [{ field: 'admissionContact', value: 'sbc-program@example.com' }],
    });
    expect(await auditOf('ScheduledChange', String((await rowOf(change.id)).id), 'scheduled-change-created')).toHaveLength(1);

    // The public sees the announced moment and status, and nothing staff-only.
    const announced = await program('sbc');
    expect(announced.scheduledChanges).toEqual([
      { id: change.id, effectiveAt: at.toISOString(), admissionStatus: 'SEEKING_PARTNERS' },
    ]);
    const secret = await server.graphql(`{ program(slug: "sbc") { scheduledChanges { reason } } }`);
    expect(secret.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // A minute early: nothing happens.
    await advanceTo(new Date(at.getTime() - 60_000));
    expect((await program('sbc')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');

    await advanceTo(at);
    const after = await program('sbc');
    expect(after.admissionStatus).toBe('SEEKING_PARTNERS');
    expect(after.scheduledChanges).toEqual([]);
    expect(after.statusChangedAt).toBe(at.toISOString());
    expect(after.statusHistory.at(-1)).toEqual({
      from: 'NOT_SEEKING_PARTNERS',
      to: 'SEEKING_PARTNERS',
      changedAt: at.toISOString(),
    });
    const programId = String(Buffer.from(before.id, 'base64url').toString().split(':')[1]);
    const [moved, ...more] = await auditOf('Program', programId, 'admission-status-changed');
    expect(more).toEqual([]);
    expect(moved).toMatchObject({ reason: 'Opening for the 2027 cycle', actor: expect.stringMatching(/^scheduled by editor/) });
    expect(moved?.effectiveAt?.toISOString()).toBe(at.toISOString());
    const [updated] = await auditOf('Program', programId, 'program-updated');
    expect(updated?.changes).toEqual({ admissionContact: { from: null, to: 'sbc-program@example.com' } });
    expect(await rowOf(change.id)).toMatchObject({ state: 'APPLIED', outcome: null });

    // Once, whatever wakes the runner again.
    await advanceTo(new Date(at.getTime() + HOUR));
    expect(await server.db.dataSource.getRepository(ProgramStatusChangeEntity).countBy({ programId: Number(programId) })).toBe(
      after.statusHistory.length,
    );
  });

  it('keeps unannounced changes from the public, and cancels at the version the editor saw', async () => {
    const gateway = await program('gateway');
    const at = new Date(clock.now().getTime() + HOUR);
    const change = await scheduled({
      programId: gateway.id,
      effectiveAt: at.toISOString(),
      admissionStatus: 'SEEKING_PARTNERS',
      reason: 'Quiet plan',
    });
    expect((await program('gateway')).scheduledChanges).toEqual([]);
    const staffView = await editor.graphql<{ program: { scheduledChanges: Array<{ id: string; reason: string }> } }>(
      `{ program(slug: "gateway") { scheduledChanges { id reason } } }`,
    );
    expect(staffView.body.data?.program.scheduledChanges).toEqual([{ id: change.id, reason: 'Quiet plan' }]);

    const stale = await editor.graphql(CANCEL, { input: { scheduledChangeId: change.id, expectedVersion: change.version + 1 } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const cancelled = await editor.graphql<{ cancelScheduledChange: { state: string; version: number } }>(CANCEL, {
      input: { scheduledChangeId: change.id, expectedVersion: change.version },
    });
    expect(cancelled.body.data?.cancelScheduledChange).toMatchObject({ state: 'CANCELLED', version: change.version + 1 });
    const again = await editor.graphql(CANCEL, { input: { scheduledChangeId: change.id, expectedVersion: change.version + 1 } });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: ErrorReason.SCHEDULED_CHANGE_SETTLED });
    expect(await auditOf('ScheduledChange', String((await rowOf(change.id)).id), 'scheduled-change-cancelled')).toHaveLength(1);

    await advanceTo(new Date(at.getTime() + 1000));
    expect((await program('gateway')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');
  });

  it('asks a manual edit of a scheduled field to keep or cancel the scheduled change', async () => {
    const pcs = await program('pcs');
    const at = new Date(clock.now().getTime() + HOUR);
    const change = await scheduled({
      programId: pcs.id,
      effectiveAt: at.toISOString(),
      admissionStatus: 'SEEKING_PARTNERS',
      reason: 'Plan',
    });
    const input = { programId: pcs.id, status: 'NO_ADMISSION_REVIEW', expectedVersion: pcs.version };
    const asked = await editor.graphql(SET_STATUS, { input });
    expect(asked.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: ErrorReason.SCHEDULED_CHANGE_PENDING,
      field: 'input.scheduledChanges',
      scheduledChanges: [
        { id: change.id, effectiveAt: at.toISOString(), admissionStatus: 'SEEKING_PARTNERS', fields: ['admissionStatus'] },
      ],
    });
    expect((await program('pcs')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');

    // An edit of another field is not asked.
    const renamed = await editor.graphql<{ updateProgram: { version: number } }>(UPDATE, {
      input: { programId: pcs.id, expectedVersion: pcs.version, name: 'PCs and Laptops' },
    });
    expect(renamed.body.errors).toBeUndefined();

    const kept = await editor.graphql<{ setProgramAdmissionStatus: { version: number } }>(SET_STATUS, {
      input: { ...input, expectedVersion: renamed.body.data?.updateProgram.version, scheduledChanges: 'KEEP' },
    });
    expect(kept.body.data?.setProgramAdmissionStatus).toMatchObject({ admissionStatus: 'NO_ADMISSION_REVIEW' });
    expect((await rowOf(change.id)).state).toBe('PENDING');

    const cancelling = await editor.graphql(SET_STATUS, {
      input: {
        ...input,
        status: 'NOT_SEEKING_PARTNERS',
        expectedVersion: kept.body.data?.setProgramAdmissionStatus.version,
        scheduledChanges: 'CANCEL',
      },
    });
    expect(cancelling.body.errors).toBeUndefined();
    expect(await rowOf(change.id)).toMatchObject({
      state: 'CANCELLED',
      outcome: 'Cancelled by a manual edit of the same field.',
    });
    await advanceTo(new Date(at.getTime() + 1000));
    expect((await program('pcs')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');
  });

  it('records a change made moot meanwhile as skipped, with the reason', async () => {
    const migration = await program('migration');
    const at = new Date(clock.now().getTime() + HOUR);
    const change = await scheduled({
      programId: migration.id,
      effectiveAt: at.toISOString(),
      admissionStatus: 'SEEKING_PARTNERS',
      reason: 'Plan',
    });
    const { body } = await editor.graphql(SET_STATUS, {
      input: {
        programId: migration.id,
        status: 'SEEKING_PARTNERS',
        expectedVersion: migration.version,
        scheduledChanges: 'KEEP',
      },
    });
    expect(body.errors).toBeUndefined();
    const history = (await program('migration')).statusHistory.length;
    await advanceTo(at);
    expect(await rowOf(change.id)).toMatchObject({
      state: 'SKIPPED',
      outcome: 'The program had these values already when the moment came.',
    });
    expect((await program('migration')).statusHistory).toHaveLength(history);
    expect(await auditOf('ScheduledChange', String((await rowOf(change.id)).id), 'scheduled-change-skipped')).toHaveLength(1);
  });

  it('lists scheduled changes for staff, with their program, in a constant number of statements', async () => {
    const list = `{ programs(first: 20) { edges { node { slug scheduledChanges { effectiveAt reason } } } } }`;
    const few = await editor.graphql(list);
    for (const slug of ['ip-phones', 'sbc', 'sba', 'load-balancer']) {
      const target = await program(slug);
      if (target.admissionStatus !== 'NOT_SEEKING_PARTNERS') continue;
      await scheduled({
        programId: target.id,
        effectiveAt: new Date(clock.now().getTime() + 5 * HOUR).toISOString(),
        admissionStatus: 'SEEKING_PARTNERS',
        reason: 'Later',
      });
    }
    const many = await editor.graphql<{ programs: { edges: Array<{ node: { scheduledChanges: unknown[] } }> } }>(list);
    expect(many.body.data?.programs.edges.filter((edge) => edge.node.scheduledChanges.length).length).toBeGreaterThanOrEqual(3);
    expect(many.headers.get('x-sql-statements')).toBe(few.headers.get('x-sql-statements'));
    const pending = await editor.graphql<{
      scheduledChanges: { totalCount: number; edges: Array<{ node: { program: { slug: string } } }> };
    }>('{ scheduledChanges(state: PENDING) { totalCount edges { node { program { slug } } } } }');
    expect(pending.body.data?.scheduledChanges.totalCount).toBeGreaterThanOrEqual(3);
  });
});
