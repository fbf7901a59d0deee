import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const catalogue = await server.graphql<{ programs: { edges: Array<{ node: { name: string } }> } }>(
      `{ programs(filter: { admissionStatus: SEEKING_PARTNERS }) { edges { node { name } } } }`,
    );
    expect(catalogue.body.data?.programs.edges.map((edge) => edge.node.name)).toEqual(['Contact Center']);

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
