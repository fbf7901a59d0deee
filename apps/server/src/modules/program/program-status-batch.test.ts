import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const PREVIEW = `query ($input: ProgramStatusChangeInput!) {
  previewProgramStatusChange(input: $input) {
    changes { program { id name version } from to }
    unchanged { name }
  }
}`;

const APPLY = `mutation ($input: SetProgramsAdmissionStatusInput!) {
  setProgramsAdmissionStatus(input: $input) { batchId changes { program { name admissionStatus version } from to } }
}`;

const UNDO = `mutation ($input: UndoStatusBatchInput!) {
  undoStatusBatch(input: $input) { batchId changes { program { name admissionStatus } from to } }
}`;

interface ProgramRef {
  id: string;
  name: string;
  version: number;
  admissionStatus: string;
}

describe('changing the status of several programs at once', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const programsOf = async (category: string): Promise<ProgramRef[]> => {
    const { body } = await server.graphql<{ programs: { edges: Array<{ node: ProgramRef }> } }>(
      `query ($category: String!) {
        programs(filter: { categorySlug: $category, admissionStatus: [SEEKING_PARTNERS, NOT_SEEKING_PARTNERS, NO_ADMISSION_REVIEW, CLOSED] }) {
          edges { node { id name version admissionStatus } }
        }
      }`,
      { category },
    );
    return body.data?.programs.edges.map((edge) => edge.node) ?? [];
  };
  const versionsOf = (programs: ProgramRef[]) => programs.map((program) => program.version);

  it('previews exactly what would change, writing nothing', async () => {
    const infrastructure = await programsOf('infrastructure');
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql<{
      previewProgramStatusChange: {
        changes: Array<{ program: { name: string }; from: string; to: string }>;
        unchanged: unknown[];
      };
    }>(PREVIEW, {
      input: { programIds: infrastructure.map((program) => program.id), status: 'NO_ADMISSION_REVIEW', reason: 'Labs take over' },
    });
    expect(body.errors).toBeUndefined();
    const preview = body.data?.previewProgramStatusChange;
    expect(preview?.changes.map((change) => [change.program.name, change.from, change.to])).toEqual(
      infrastructure
        .filter((program) => program.admissionStatus !== 'NO_ADMISSION_REVIEW')
        .map((program) => [program.name, program.admissionStatus, 'NO_ADMISSION_REVIEW']),
    );
    expect(preview?.unchanged).toHaveLength(
      infrastructure.filter((program) => program.admissionStatus === 'NO_ADMISSION_REVIEW').length,
    );
    expect(await watch()).toEqual([]);
    expect(await programsOf('infrastructure')).toEqual(infrastructure);
  });

  it('applies the change in one audit batch, and undoes the whole batch in one more', async () => {
    const video = await programsOf('video');
    const watch = await watchAuditTrail(server.db.dataSource);
    const applied = await editor.graphql<{
      setProgramsAdmissionStatus: { batchId: string; changes: Array<{ program: { admissionStatus: string }; from: string }> };
    }>(APPLY, {
      input: {
        programIds: video.map((program) => program.id),
        status: 'SEEKING_PARTNERS',
        reason: 'Video push',
        expectedVersions: versionsOf(video),
      },
    });
    expect(applied.body.errors).toBeUndefined();
    const batch = applied.body.data?.setProgramsAdmissionStatus;
    expect(batch?.changes.map((change) => change.program.admissionStatus)).toEqual(video.map(() => 'SEEKING_PARTNERS'));
    const events = await watch();
    expect(events).toHaveLength(video.length);
    expect(new Set(events.map((event) => event.batchId))).toEqual(new Set([batch?.batchId]));
    expect(events.every((event) => event.reason === 'Video push' && event.action === 'admission-status-changed')).toBe(true);

    const undone = await editor.graphql<{
      undoStatusBatch: { batchId: string; changes: Array<{ program: { name: string; admissionStatus: string } }> };
    }>(UNDO, { input: { batchId: batch?.batchId } });
    expect(undone.body.errors).toBeUndefined();
    expect((await programsOf('video')).map((program) => program.admissionStatus)).toEqual(
      video.map((program) => program.admissionStatus),
    );
    const undoEvents = (await watch()).slice(video.length);
    expect(undoEvents).toHaveLength(video.length);
    expect(new Set(undoEvents.map((event) => event.batchId))).toEqual(new Set([undone.body.data?.undoStatusBatch.batchId]));
    expect(undoEvents[0]?.reason).toBe(`Undoes batch ${batch?.batchId}`);

    // The undo changed them since: the first batch cannot be undone again.
    const again = await editor.graphql(UNDO, { input: { batchId: batch?.batchId } });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.batchId' });
  });

  it('refuses the whole batch when one program changed since the preview, naming it, and writes nothing', async () => {
    const devices = await programsOf('devices');
    const [first] = devices;
    if (!first) throw new Error('no devices');
    await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: first.id, status: 'NO_ADMISSION_REVIEW', expectedVersion: first.version } },
    );
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql(APPLY, {
      input: {
        programIds: devices.map((program) => program.id),
        status: 'SEEKING_PARTNERS',
        expectedVersions: versionsOf(devices),
      },
    });
    expect(body.errors?.[0]?.message).toContain(first.name);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      programs: [
        {
          id: first.id,
          name: first.name,
          currentVersion: first.version + 1,
          current: { admissionStatus: 'NO_ADMISSION_REVIEW' },
        },
      ],
    });
    expect(await watch()).toEqual([]);
    expect((await programsOf('devices')).slice(1)).toEqual(devices.slice(1));
  });

  it('refuses to undo a batch when one of its programs changed since, naming it', async () => {
    const services = await programsOf('services');
    const applied = await editor.graphql<{ setProgramsAdmissionStatus: { batchId: string } }>(APPLY, {
      input: { programIds: services.map((program) => program.id), status: 'CLOSED', expectedVersions: versionsOf(services) },
    });
    const batchId = applied.body.data?.setProgramsAdmissionStatus.batchId;
    const [closed] = await programsOf('services');
    if (!closed) throw new Error('no services');
    expect(closed.admissionStatus).toBe('CLOSED');
    await editor.graphql(`mutation ($input: ReopenProgramInput!) { reopenProgram(input: $input) { version } }`, {
      input: { programId: closed.id, expectedVersion: closed.version, status: 'SEEKING_PARTNERS' },
    });
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql(UNDO, { input: { batchId } });
    expect(body.errors?.[0]?.message).toContain(`${closed.name} (now Seeking partners)`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', programs: [{ id: closed.id }] });
    expect(await watch()).toEqual([]);
  });

  it('refuses what cannot be a batch of status changes', async () => {
    const [program] = await programsOf('it-pro');
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [APPLY, { programIds: [], status: 'CLOSED', expectedVersions: [] }, 'BAD_USER_INPUT', 'input.programIds'],
      [
        APPLY,
        { programIds: [program?.id, program?.id], status: 'CLOSED', expectedVersions: [1, 1] },
        'BAD_USER_INPUT',
        'input.programIds',
      ],
      [APPLY, { programIds: [program?.id], status: 'CLOSED', expectedVersions: [] }, 'BAD_USER_INPUT', 'input.expectedVersions'],
      [APPLY, { programIds: ['nonsense'], status: 'CLOSED', expectedVersions: [1] }, 'NOT_FOUND', 'input.programIds'],
      [UNDO, { batchId: 'no-such-batch' }, 'NOT_FOUND', 'input.batchId'],
    ];
    for (const [document, input, code, field] of cases) {
      const { body } = await editor.graphql(document, { input });
      expect({ input, extensions: body.errors?.[0]?.extensions }).toMatchObject({ input, extensions: { code, field } });
    }
    // A batch with anything but status changes (here, an import) is not undone here.
    const [importEvent] = await server.db.dataSource.query(`SELECT batch_id FROM audit_event WHERE actor = 'import' LIMIT 1`);
    const { body } = await editor.graphql(UNDO, { input: { batchId: importEvent.batch_id } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.batchId' });
  });

  it('asks the whole batch what becomes of the status changes scheduled on its programs, then keeps or cancels them all', async () => {
    const isv = await programsOf('isv');
    const [first, second, third] = isv;
    if (!first || !second || !third) throw new Error('ISV has three programs');
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const schedule = async (program: ProgramRef, change: Record<string, unknown>) => {
      const { body } = await editor.graphql<{ scheduleProgramChange: { id: string } }>(
        'mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id } }',
        { input: { programId: program.id, effectiveAt: at, reason: 'Planned', ...change } },
      );
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data.scheduleProgramChange.id;
    };
    const pendingIds = async () => {
      const { body } = await editor.graphql<{ scheduledChanges: { edges: Array<{ node: { id: string } }> } }>(
        '{ scheduledChanges(state: PENDING, first: 100) { edges { node { id } } } }',
      );
      return body.data?.scheduledChanges.edges.map((edge) => edge.node.id) ?? [];
    };
    const onFirst = await schedule(first, { admissionStatus: 'SEEKING_PARTNERS' });
    const onSecond = await schedule(second, { admissionStatus: 'SEEKING_PARTNERS' });
    // A scheduled change of another field is not the batch's business.
    const onThird = await schedule(third, { changes: { partnerCapacity: 5 } });
    const programs = await programsOf('isv');
    const input = {
      programIds: programs.map((program) => program.id),
      status: 'NO_ADMISSION_REVIEW',
      expectedVersions: versionsOf(programs),
    };

    const watch = await watchAuditTrail(server.db.dataSource);
    const asked = await editor.graphql(APPLY, { input });
    expect(asked.body.errors?.[0]?.message).toContain(`${first.name}, ${second.name} have changes of the same field scheduled`);
    expect(asked.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SCHEDULED_CHANGE_PENDING',
      field: 'input.scheduledChanges',
      scheduledChanges: [
        { id: onFirst, programId: first.id, programName: first.name, effectiveAt: at, admissionStatus: 'SEEKING_PARTNERS' },
        { id: onSecond, programId: second.id, programName: second.name, fields: ['admissionStatus'], reason: 'Planned' },
      ],
    });
    expect(asked.body.errors?.[0]?.extensions?.scheduledChanges).toHaveLength(2);
    // All or nothing: the third program, with nothing scheduled on its status, did not move either.
    expect(await watch()).toEqual([]);
    expect(await programsOf('isv')).toEqual(programs);

    const kept = await editor.graphql<{ setProgramsAdmissionStatus: { changes: unknown[] } }>(APPLY, {
      input: { ...input, scheduledChanges: 'KEEP' },
    });
    expect(kept.body.errors).toBeUndefined();
    expect(kept.body.data?.setProgramsAdmissionStatus.changes).toHaveLength(3);
    expect(await pendingIds()).toEqual(expect.arrayContaining([onFirst, onSecond, onThird]));

    const moved = await programsOf('isv');
    const cancelWatch = await watchAuditTrail(server.db.dataSource);
    const cancelled = await editor.graphql(APPLY, {
      input: {
        programIds: moved.map((program) => program.id),
        status: 'NOT_SEEKING_PARTNERS',
        expectedVersions: versionsOf(moved),
        scheduledChanges: 'CANCEL',
      },
    });
    expect(cancelled.body.errors).toBeUndefined();
    const pending = await pendingIds();
    expect(pending).not.toContain(onFirst);
    expect(pending).not.toContain(onSecond);
    expect(pending).toContain(onThird);
    // In the batch's transaction, each cancellation audited.
    expect((await cancelWatch()).map((event) => event.action).sort()).toEqual([
      'admission-status-changed',
      'admission-status-changed',
      'admission-status-changed',
      'scheduled-change-cancelled',
      'scheduled-change-cancelled',
    ]);
  });

  it('asks, before undoing a batch, what becomes of the status changes scheduled since on its programs', async () => {
    const video = await programsOf('video');
    const applied = await editor.graphql<{ setProgramsAdmissionStatus: { batchId: string } }>(APPLY, {
      input: {
        programIds: video.map((program) => program.id),
        status: 'NO_ADMISSION_REVIEW',
        expectedVersions: versionsOf(video),
      },
    });
    const batchId = applied.body.data?.setProgramsAdmissionStatus.batchId;
    const [first] = video;
    if (!batchId || !first) throw new Error(JSON.stringify(applied.body.errors));
    const scheduled = await editor.graphql<{ scheduleProgramChange: { id: string } }>(
      'mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id } }',
      {
        input: {
          programId: first.id,
          effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
          admissionStatus: 'SEEKING_PARTNERS',
          reason: 'Planned',
        },
      },
    );
    const scheduledId = scheduled.body.data?.scheduleProgramChange.id;
    if (!scheduledId) throw new Error(JSON.stringify(scheduled.body.errors));

    const watch = await watchAuditTrail(server.db.dataSource);
    const asked = await editor.graphql(UNDO, { input: { batchId } });
    expect(asked.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SCHEDULED_CHANGE_PENDING',
      field: 'input.scheduledChanges',
      scheduledChanges: [{ id: scheduledId, programId: first.id, programName: first.name }],
    });
    expect(await watch()).toEqual([]);

    const undone = await editor.graphql(UNDO, { input: { batchId, scheduledChanges: 'CANCEL' } });
    expect(undone.body.errors).toBeUndefined();
    expect((await programsOf('video')).map((program) => program.admissionStatus)).toEqual(
      video.map((program) => program.admissionStatus),
    );
    expect((await watch()).map((event) => event.action)).toContain('scheduled-change-cancelled');
  });

  it('lists every spec document for editors to choose from', async () => {
    const { body } = await server.graphql<{ specs: Array<{ title: string }> }>('{ specs { id title url version } }');
    const titles = body.data?.specs.map((spec) => spec.title) ?? [];
    expect(titles.length).toBeGreaterThan(3);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
