import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/data-source.js';
import { PROCESS_ADMIN, processClient, type ServerProcess, startServerProcess } from '../test/server-process.js';
import { createEmptyDatabase } from '../test/test-database.js';

const STATUS_WRITERS = ['sbc', 'gateway', 'sba', 'reverse-proxy', 'load-balancer', 'migration'];
/** Changed together by bulk changes: after the crash they must all have the same status. */
const BULK_PROGRAMS = ['call-recording-and-compliance', 'contact-center', 'attendant-console'];
const SET_MANY = `mutation ($input: SetProgramsAdmissionStatusInput!) { setProgramsAdmissionStatus(input: $input) { batchId } }`;
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version admissionStatus } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { reference } }`;

interface Acknowledged {
  statuses: Map<string, { version: number; status: string }>;
  references: string[];
  batches: number;
}

/**
 * A client writes as fast as it can (status changes on several programs, applications) and notes
 * every write the server acknowledged; the server is killed with SIGKILL mid-stream and started
 * again. Nothing acknowledged may be missing, and the audit trail must agree with the state.
 */
describe('crash safety', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;
  const acknowledged: Acknowledged = { statuses: new Map(), references: [], batches: 0 };

  beforeAll(async () => {
    database = await createEmptyDatabase();
    server = await startServerProcess(database.url);
  }, 120_000);
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await database.drop();
  });

  it('loses no acknowledged write when the server is killed mid-stream', async () => {
    const graphql = processClient(server.origin);
    await graphql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, {
      e: PROCESS_ADMIN.email,
      p: PROCESS_ADMIN.password,
    });
    const programs = new Map<string, { id: string; version: number; status: string }>();
    for (const slug of [...STATUS_WRITERS, ...BULK_PROGRAMS, 'ip-phones']) {
      const { data } = await graphql<{ program: { id: string; version: number; admissionStatus: string } }>(
        `query ($slug: String!) { program(slug: $slug) { id version admissionStatus } }`,
        { slug },
      );
      if (!data) throw new Error(`no program ${slug}`);
      programs.set(slug, { id: data.program.id, version: data.program.version, status: data.program.admissionStatus });
    }
    // The seed's dated page versions changed some programs (links) without moving their status.
    const seededVersions = new Map([...programs].map(([slug, program]) => [slug, program.version]));
    const ipPhones = programs.get('ip-phones');
    await graphql(SET_STATUS, {
      input: { programId: ipPhones?.id, status: 'SEEKING_PARTNERS', expectedVersion: ipPhones?.version },
    });
    const { data: requirements } = await graphql<{ requirements: Array<{ id: string }> }>(`{ requirements { id } }`);

    let running = true;
    const statusWriter = async (slug: string) => {
      const program = programs.get(slug);
      if (!program) return;
      while (running) {
        const status = program.status === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
        try {
          const { data } = await graphql<{ setProgramAdmissionStatus: { version: number; admissionStatus: string } }>(
            SET_STATUS,
            {
              input: { programId: program.id, status, expectedVersion: program.version },
            },
          );
          if (!data) throw new Error('refused');
          program.version = data.setProgramAdmissionStatus.version;
          program.status = data.setProgramAdmissionStatus.admissionStatus;
          acknowledged.statuses.set(slug, { version: program.version, status: program.status });
        } catch {
          return; // The server is gone: whatever was in flight is not acknowledged.
        }
      }
    };
    const applicationWriter = async () => {
      for (let index = 0; running; index += 1) {
        try {
          const { data } = await graphql<{ submitApplication: { reference: string } }>(SUBMIT, {
            input: {
              programId: ipPhones?.id,
              companyName: `Crash Test ${index}`,
              companyWebsite: `https://crash-${index}.example`,
              headquartersCountry: 'NL',
              contactName: 'Crash Tester',
              contactEmail: `crash-${index}@example.com`,
              productSummary: 'A phone that survives.',
              message: 'Please.',
              attestedRequirementIds: requirements?.requirements.map((requirement) => requirement.id),
            },
          });
          if (!data) throw new Error('refused');
          acknowledged.references.push(data.submitApplication.reference);
        } catch {
          return;
        }
      }
    };
    const bulkWriter = async () => {
      const bulk = BULK_PROGRAMS.map((slug) => programs.get(slug)).filter((program) => program !== undefined);
      for (let round = 0; running; round += 1) {
        const status = round % 2 === 0 ? 'SEEKING_PARTNERS' : 'NOT_SEEKING_PARTNERS';
        try {
          const { data } = await graphql<{ setProgramsAdmissionStatus: { batchId: string | null } }>(SET_MANY, {
            input: {
              programIds: bulk.map((program) => program.id),
              status,
              expectedVersions: bulk.map((program) => program.version),
            },
          });
          if (!data) throw new Error('refused');
          for (const program of bulk) program.version += 1;
          acknowledged.batches += 1;
        } catch {
          return;
        }
      }
    };
    const writers = [...STATUS_WRITERS.map(statusWriter), applicationWriter(), bulkWriter()];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.child.kill('SIGKILL');
    running = false;
    await Promise.all(writers);
    await server.exited;
    expect(acknowledged.statuses.size).toBe(STATUS_WRITERS.length);
    expect(acknowledged.references.length).toBeGreaterThan(0);
    expect(acknowledged.batches).toBeGreaterThan(0);

    server = await startServerProcess(database.url);
    const dataSource = await openDatabase(database.url);
    try {
      if (dataSource.options.type !== 'postgres') {
        expect(await dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      }
      for (const [slug, last] of acknowledged.statuses) {
        const [row] = (await dataSource.query(
          `SELECT id, version, admission_status FROM program WHERE slug = '${slug}'`,
        )) as Array<{
          id: number;
          version: number;
          admission_status: string;
        }>;
        // At least every acknowledged change; at most the one in flight when the server died.
        expect(row?.version).toBeGreaterThanOrEqual(last.version);
        expect(row?.version).toBeLessThanOrEqual(last.version + 1);
        if (row?.version === last.version) expect(row.admission_status).toBe(last.status);
        // The audit trail and the public history agree with the state, change for change.
        const changes = (await dataSource.query(
          `SELECT to_status FROM program_status_change WHERE program_id = ${row?.id} AND from_status IS NOT NULL ORDER BY id`,
        )) as Array<{ to_status: string }>;
        const audited = (await dataSource.query(
          `SELECT COUNT(*) AS count FROM audit_event WHERE entity_type = 'Program' AND entity_id = '${row?.id}' AND action = 'admission-status-changed'`,
        )) as Array<{ count: number | string }>;
        expect(Number(audited[0]?.count)).toBe(changes.length);
        expect(changes.at(-1)?.to_status).toBe(row?.admission_status);
        expect(changes.length).toBe((row?.version ?? 0) - (seededVersions.get(slug) ?? 1));
      }
      // No bulk change is half-applied: the programs changed together share one status and version.
      const bulkRows = (await dataSource.query(
        `SELECT admission_status, version FROM program WHERE slug IN (${BULK_PROGRAMS.map((slug) => `'${slug}'`).join(', ')})`,
      )) as Array<{ admission_status: string; version: number }>;
      expect(new Set(bulkRows.map((row) => `${row.admission_status}@${row.version}`)).size).toBe(1);
      expect(bulkRows[0]?.version).toBeGreaterThanOrEqual(1 + acknowledged.batches);
      const stored = (await dataSource.query('SELECT reference FROM application')) as Array<{ reference: string }>;
      const references = new Set(stored.map((application) => application.reference));
      expect(acknowledged.references.filter((reference) => !references.has(reference))).toEqual([]);
      const outbox = (await dataSource.query('SELECT COUNT(*) AS count FROM notification')) as Array<{ count: number | string }>;
      expect(Number(outbox[0]?.count)).toBeGreaterThanOrEqual(stored.length);
    } finally {
      await dataSource.destroy();
    }
    // And it serves again.
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  }, 120_000);
});
