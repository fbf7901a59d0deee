import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';

const CHANGES = `query ($after: String, $first: Int) {
  changes(after: $after, first: $first) { endCursor hasMore changes { cursor entityType entityId action summary changes { field from to } } }
}`;
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;

interface ChangePage {
  changes: {
    endCursor: string | null;
    hasMore: boolean;
    changes: Array<{ cursor: string; entityType: string; entityId: string; action: string; changes: Array<{ field: string }> }>;
  };
}

describe('the public change feed', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const readAll = async (from: string | null, first: number) => {
    const seen: ChangePage['changes']['changes'] = [];
    let after = from;
    for (;;) {
      const { body } = await server.graphql<ChangePage>(CHANGES, { after, first });
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      seen.push(...body.data.changes.changes);
      after = body.data.changes.endCursor;
      if (!body.data.changes.hasMore) return { seen, after };
    }
  };

  it('lists every public change in order, pages without gaps while writes happen, and resumes from a cursor', async () => {
    const first = await readAll(null, 7);
    expect(first.seen.length).toBeGreaterThan(16);
    expect(first.seen.filter((change) => change.action === 'program-added')).toHaveLength(16);

    const programs = ['sbc', 'gateway', 'sba'];
    const ids = await Promise.all(
      programs.map(
        async (slug) =>
          (await server.graphql<{ program: { id: string } }>(`{ program(slug: "${slug}") { id } }`)).body.data?.program.id,
      ),
    );
    let writing = true;
    const writers = ids.map(async (programId) => {
      let version = 1;
      for (let round = 0; writing && round < 15; round += 1) {
        const status = round % 2 === 0 ? 'SEEKING_PARTNERS' : 'NOT_SEEKING_PARTNERS';
        const { body } = await editor.graphql<{ setProgramAdmissionStatus: { version: number } }>(SET_STATUS, {
          input: { programId, status, expectedVersion: version },
        });
        version = body.data?.setProgramAdmissionStatus.version ?? version;
      }
    });
    // A mirror keeps reading small pages while the writes go on.
    const mirrored = [...first.seen];
    let cursor = first.after;
    const reader = (async () => {
      while (writing) {
        const page = await readAll(cursor, 3);
        mirrored.push(...page.seen);
        cursor = page.after;
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    mirrored.push(...(await readAll(cursor, 3)).seen);

    const publicEvents = await server.db.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .where("event.entityType IN ('Program', 'Category', 'Lab', 'Spec', 'HowToJoin')")
      .orderBy('event.id', 'ASC')
      .getMany();
    expect(mirrored.map((change) => change.action)).toEqual(publicEvents.map((event) => event.action));
    expect(mirrored.filter((change) => change.action === 'admission-status-changed')).toHaveLength(45);
    expect(new Set(mirrored.map((change) => change.cursor)).size).toBe(mirrored.length);
  });

  it('names entities by global id and never shows staff-only fields, who made a change, or why', async () => {
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "pcs") { id version } }`,
    );
    const update = await editor.graphql(`mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { version } }`, {
      input: {
        programId: body.data?.program.id,
        expectedVersion: body.data?.program.version,
        internalNotes: 'secret plans',
        partnerCapacity: 3,
        name: 'PCs and laptops',
      },
    });
    expect(update.body.errors).toBeUndefined();
    const { body: tail } = await server.graphql<ChangePage>(CHANGES, { first: 500 });
    const last = tail.data?.changes.changes.at(-1);
    expect(last).toMatchObject({ entityType: 'Program', entityId: body.data?.program.id });
    expect(last?.changes.map((change) => change.field)).toEqual(['name']);
    expect(JSON.stringify(tail)).not.toMatch(/secret plans|editor\d*@example\.com/);
  });

  it('refuses a cursor it did not give out and a page size out of range', async () => {
    const bad = await server.graphql(CHANGES, { after: 'bogus' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const big = await server.graphql(CHANGES, { first: 501 });
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
