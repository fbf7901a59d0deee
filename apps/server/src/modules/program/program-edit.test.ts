import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';

const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) {
  setProgramAdmissionStatus(input: $input) { id admissionStatus version statusChangedAt }
}`;

const PROGRAM = `query ($slug: String!) {
  program(slug: $slug) { id admissionStatus version statusChangedAt statusHistory { from to changedAt } }
}`;

interface ProgramState {
  id: string;
  admissionStatus: string;
  version: number;
  statusChangedAt: string;
  statusHistory: Array<{ from: string | null; to: string; changedAt: string }>;
}

describe('setProgramAdmissionStatus', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const program = async (slug: string) => {
    const { body } = await server.graphql<{ program: ProgramState }>(PROGRAM, { slug });
    if (!body.data?.program) throw new Error(JSON.stringify(body));
    return body.data.program;
  };
  const auditEventsFor = (programId: string) =>
    server.db.dataSource.getRepository(AuditEventEntity).findBy({
      entityType: 'Program',
      entityId: String(Buffer.from(programId, 'base64url').toString().split(':')[1]),
      action: 'admission-status-changed',
    });

  it('changes the status for everyone at once, with its public history and an audited reason', async () => {
    const before = await program('contact-center');
    const { body } = await editor.graphql(SET_STATUS, {
      input: {
        programId: before.id,
        status: 'SEEKING_PARTNERS',
        expectedVersion: before.version,
        reason: 'Expanding the program',
      },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.setProgramAdmissionStatus).toMatchObject({
      admissionStatus: 'SEEKING_PARTNERS',
      version: before.version + 1,
    });

    const after = await program('contact-center');
    expect(after.admissionStatus).toBe('SEEKING_PARTNERS');
    expect(after.statusHistory.map(({ from, to }) => ({ from, to }))).toEqual([
      { from: null, to: 'NOT_SEEKING_PARTNERS' },
      { from: 'NOT_SEEKING_PARTNERS', to: 'SEEKING_PARTNERS' },
    ]);
    expect(Date.parse(after.statusChangedAt)).toBeGreaterThanOrEqual(Date.parse(before.statusChangedAt));
    const catalog = await server.graphql<{ programs: { edges: Array<{ node: { name: string } }> } }>(
      `{ programs(filter: { admissionStatus: SEEKING_PARTNERS }) { edges { node { name } } } }`,
    );
    expect(catalog.body.data?.programs.edges.map((edge) => edge.node.name)).toEqual(['Contact Center']);

    const [event] = await auditEventsFor(before.id);
    expect(event).toMatchObject({
      actor: expect.stringMatching(/^editor\d*@example\.com$/),
      actorId: expect.any(Number),
      reason: 'Expanding the program',
      requestId: expect.any(String),
      changes: { admissionStatus: { from: 'NOT_SEEKING_PARTNERS', to: 'SEEKING_PARTNERS' } },
    });
  });

  it('refuses a stale version with CONFLICT and the current state, and writes nothing', async () => {
    const current = await program('sbc');
    const first = await editor.graphql(SET_STATUS, {
      input: { programId: current.id, status: 'SEEKING_PARTNERS', expectedVersion: current.version },
    });
    expect(first.body.errors).toBeUndefined();
    const stale = await editor.graphql(SET_STATUS, {
      input: { programId: current.id, status: 'NO_ADMISSION_REVIEW', expectedVersion: current.version },
    });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: current.version + 1,
      current: { admissionStatus: 'SEEKING_PARTNERS', version: current.version + 1 },
    });
    expect((await program('sbc')).admissionStatus).toBe('SEEKING_PARTNERS');
    expect(await auditEventsFor(current.id)).toHaveLength(1);
  });

  it('refuses bad input with the field at fault and changes nothing', async () => {
    const current = await program('gateway');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ programId: current.id, status: 'CLOSED', expectedVersion: current.version }, 'BAD_USER_INPUT', 'input.status'],
      [{ programId: 'nonsense', status: 'SEEKING_PARTNERS', expectedVersion: 1 }, 'NOT_FOUND', 'input.programId'],
      [
        { programId: current.id, status: 'SEEKING_PARTNERS', expectedVersion: current.version, reason: 'x'.repeat(1001) },
        'BAD_USER_INPUT',
        'input.reason',
      ],
    ];
    for (const [input, code, field] of cases) {
      const { status, body } = await editor.graphql(SET_STATUS, { input });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
    expect(await program('gateway')).toEqual(current);
  });

  it('changes nothing for the same status again, but still refuses a stale version', async () => {
    const current = await program('reverse-proxy');
    const same = { programId: current.id, status: current.admissionStatus };
    const again = await editor.graphql(SET_STATUS, { input: { ...same, expectedVersion: current.version } });
    expect(again.body.data?.setProgramAdmissionStatus).toMatchObject({ version: current.version });
    const stale = await editor.graphql(SET_STATUS, { input: { ...same, expectedVersion: current.version + 1 } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: current.version });
    expect(await program('reverse-proxy')).toEqual(current);
  });

  it('refuses anonymous callers', async () => {
    const current = await program('sba');
    const { body } = await server.graphql(SET_STATUS, {
      input: { programId: current.id, status: 'SEEKING_PARTNERS', expectedVersion: current.version },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await program('sba')).version).toBe(current.version);
  });

  it('lets exactly one of 50 concurrent edits of the same version through', async () => {
    const current = await program('load-balancer');
    const editors = await Promise.all([editor, await server.signIn('EDITOR'), await server.signIn('ADMIN')]);
    const statuses = ['SEEKING_PARTNERS', 'NO_ADMISSION_REVIEW'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        (editors[index % editors.length] as TestClient).graphql<{ setProgramAdmissionStatus: { admissionStatus: string } }>(
          SET_STATUS,
          {
            input: { programId: current.id, status: statuses[index % 2], expectedVersion: current.version },
          },
        ),
      ),
    );
    const succeeded = results.filter(({ body }) => !body.errors);
    const conflicts = results.filter(({ body }) => body.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const after = await program('load-balancer');
    expect(after.version).toBe(current.version + 1);
    expect(after.admissionStatus).toBe(succeeded[0]?.body.data?.setProgramAdmissionStatus.admissionStatus);
    expect(after.statusHistory).toHaveLength(current.statusHistory.length + 1);
    expect(await auditEventsFor(current.id)).toHaveLength(1);
  });
});

const CLOSE = `mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { id admissionStatus version } }`;
const REOPEN = `mutation ($input: ReopenProgramInput!) { reopenProgram(input: $input) { id admissionStatus version position } }`;

describe('closeProgram and reopenProgram', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const program = async (slug: string) => {
    const { body } = await server.graphql<{ program: ProgramState & { position: number } }>(
      `query ($slug: String!) { program(slug: $slug) { id admissionStatus version statusChangedAt position statusHistory { from to changedAt } } }`,
      { slug },
    );
    if (!body.data?.program) throw new Error(JSON.stringify(body));
    return body.data.program;
  };
  const listed = async () => {
    const { body } = await server.graphql<{
      programs: { totalCount: number; edges: Array<{ node: { name: string } }> };
      categories: Array<{ slug: string; programs: Array<{ name: string }> }>;
    }>('{ programs(first: 100) { totalCount edges { node { name } } } categories { slug programs { name } } }');
    return {
      programs: body.data?.programs.edges.map((edge) => edge.node.name) ?? [],
      isv: body.data?.categories.find((category) => category.slug === 'isv')?.programs.map((each) => each.name) ?? [],
    };
  };

  it('takes a closed program out of the catalogue, keeps it findable with its history, and puts it back on reopening', async () => {
    const before = await program('call-recording-and-compliance');
    const trail = await watchAuditTrail(server.db.dataSource);
    const closed = await editor.graphql<{ closeProgram: { admissionStatus: string; version: number } }>(CLOSE, {
      input: { programId: before.id, expectedVersion: before.version, reason: ' Program retired ' },
    });
    expect(closed.body.data?.closeProgram).toMatchObject({ admissionStatus: 'CLOSED', version: before.version + 1 });
    expect(await listed()).toEqual({
      programs: expect.not.arrayContaining(['Call Recording and Compliance']),
      isv: ['Contact Center', 'Attendant Console'],
    });
    expect((await listed()).programs).toHaveLength(15);
    const closedState = await program('call-recording-and-compliance');
    expect(closedState).toMatchObject({ admissionStatus: 'CLOSED', position: before.position });
    expect(closedState.statusHistory.map(({ from, to }) => ({ from, to }))).toEqual([
      { from: null, to: 'NOT_SEEKING_PARTNERS' },
      { from: 'NOT_SEEKING_PARTNERS', to: 'CLOSED' },
    ]);

    const reopened = await editor.graphql<{ reopenProgram: { admissionStatus: string; position: number } }>(REOPEN, {
      input: { programId: before.id, expectedVersion: before.version + 1, status: 'NO_ADMISSION_REVIEW', reason: 'Back again' },
    });
    expect(reopened.body.data?.reopenProgram).toEqual({
      id: before.id,
      admissionStatus: 'NO_ADMISSION_REVIEW',
      version: before.version + 2,
      position: before.position,
    });
    expect((await listed()).isv).toEqual(['Call Recording and Compliance', 'Contact Center', 'Attendant Console']);
    expect((await program('call-recording-and-compliance')).statusHistory.map(({ to }) => to)).toEqual([
      'NOT_SEEKING_PARTNERS',
      'CLOSED',
      'NO_ADMISSION_REVIEW',
    ]);

    const events = await trail();
    expect(events.map(({ action, reason, changes }) => ({ action, reason, changes }))).toEqual([
      {
        action: 'program-closed',
        reason: 'Program retired',
        changes: { admissionStatus: { from: 'NOT_SEEKING_PARTNERS', to: 'CLOSED' } },
      },
      {
        action: 'program-reopened',
        reason: 'Back again',
        changes: { admissionStatus: { from: 'CLOSED', to: 'NO_ADMISSION_REVIEW' } },
      },
    ]);
    expect(events.every((event) => event.entityId === databaseIdOf(before.id))).toBe(true);
  });

  it('refuses what does not fit the status, a stale version, and a long reason, writing nothing', async () => {
    const open = await program('migration');
    const toClose = await program('ip-phones');
    await editor.graphql(CLOSE, { input: { programId: toClose.id, expectedVersion: toClose.version } });
    const closed = await program('ip-phones');
    const trail = await watchAuditTrail(server.db.dataSource);
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [CLOSE, { programId: closed.id, expectedVersion: closed.version }, 'BAD_USER_INPUT', 'input.programId'],
      [CLOSE, { programId: open.id, expectedVersion: open.version + 1 }, 'CONFLICT', 'expectedVersion'],
      [CLOSE, { programId: open.id, expectedVersion: open.version, reason: 'x'.repeat(1001) }, 'BAD_USER_INPUT', 'input.reason'],
      [CLOSE, { programId: 'UHJvZ3JhbTo5OTk', expectedVersion: 1 }, 'NOT_FOUND', 'input.programId'],
      [REOPEN, { programId: closed.id, expectedVersion: closed.version, status: 'CLOSED' }, 'BAD_USER_INPUT', 'input.status'],
      [
        REOPEN,
        { programId: open.id, expectedVersion: open.version, status: 'SEEKING_PARTNERS' },
        'BAD_USER_INPUT',
        'input.programId',
      ],
      [
        REOPEN,
        { programId: closed.id, expectedVersion: toClose.version, status: 'SEEKING_PARTNERS' },
        'CONFLICT',
        'expectedVersion',
      ],
      [
        SET_STATUS,
        { programId: closed.id, expectedVersion: closed.version, status: 'SEEKING_PARTNERS' },
        'BAD_USER_INPUT',
        'input.programId',
      ],
    ];
    for (const [mutation, input, code, field] of cases) {
      const { body } = await editor.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(input).slice(0, 200)).toMatchObject({ code, field });
    }
    const stale = await editor.graphql(REOPEN, {
      input: { programId: closed.id, expectedVersion: toClose.version, status: 'SEEKING_PARTNERS' },
    });
    expect(stale.body.errors?.[0]?.extensions?.current).toMatchObject({ admissionStatus: 'CLOSED', version: closed.version });
    expect(await program('migration')).toEqual(open);
    expect(await program('ip-phones')).toEqual(closed);
    expect(await trail()).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    const current = await program('attendant-console');
    for (const [mutation, input] of [
      [CLOSE, { programId: current.id, expectedVersion: current.version }],
      [REOPEN, { programId: current.id, expectedVersion: current.version, status: 'SEEKING_PARTNERS' }],
    ] as const) {
      const { body } = await server.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await program('attendant-console')).toEqual(current);
  });
});
