import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_ADMIN, processClient, type ServerProcess, startServerProcess } from '../test/server-process.js';
import { createEmptyDatabase } from '../test/test-database.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** How far ahead the changes are scheduled: time for both instances to hear of them (by the shared change signal). */
const AHEAD_MS = 3_000;
const SLUGS = ['ip-phones', 'pcs', 'sba', 'reverse-proxy', 'load-balancer'];

const PROGRAM = `query ($slug: String!) { program(slug: $slug) { id version admissionStatus statusHistory { to changedAt } } }`;
const SCHEDULE = `mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id } }`;
const MOVES = `query ($id: ID!) { auditLog(filter: { entityType: "Program", entityId: $id }) { edges { node { action } } } }`;

interface Program {
  id: string;
  version: number;
  admissionStatus: string;
  statusHistory: Array<{ to: string; changedAt: string }>;
}

async function stopProcess(instance: ServerProcess | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 15_000);
  await instance.exited;
  clearTimeout(timer);
}

/**
 * Issue 18's "done when": status changes scheduled a moment ahead take effect on their own,
 * exactly once, with two instances of the built server running on one database (each with its
 * timer, woken together by the change signal shared through Redis). On SQLite too: two processes
 * on one file take turns at writing, which is what the claim relies on there.
 */
describe('scheduled changes with two server processes on one database', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `certhub-test:${randomUUID()}:`, RATE_LIMIT: 'off', LOG_LEVEL: 'silent' };
    // One after the other: the first migrates and seeds the empty database.
    a = await startServerProcess(database.url, env);
    b = await startServerProcess(database.url, env);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stopProcess(a), stopProcess(b)]);
    await database?.drop();
  }, 60_000);

  it('makes each change once, at its moment, whichever instance claims it', async () => {
    if (!a || !b) throw new Error('the instances did not start');
    const admin = processClient(a.origin);
    const login = await admin(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, {
      e: PROCESS_ADMIN.email,
      p: PROCESS_ADMIN.password,
    });
    expect(login.errors).toBeUndefined();
    const onB = processClient(b.origin);
    const program = async (slug: string) => {
      const { data } = await onB<{ program: Program }>(PROGRAM, { slug });
      if (!data) throw new Error(`no program ${slug}`);
      return data.program;
    };

    const moment = new Date(Date.now() + AHEAD_MS);
    const before = await Promise.all(SLUGS.map(program));
    for (const target of before) {
      const answer = await admin(SCHEDULE, {
        input: { programId: target.id, effectiveAt: moment.toISOString(), admissionStatus: 'SEEKING_PARTNERS', reason: 'Race' },
      });
      expect(answer.errors).toBeUndefined();
    }

    // Both timers fire at the moment; read through B until every change is there (or 20 s pass).
    const deadline = Date.now() + AHEAD_MS + 20_000;
    let after = before;
    while (Date.now() < deadline) {
      after = await Promise.all(SLUGS.map(program));
      if (after.every((each) => each.admissionStatus === 'SEEKING_PARTNERS')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A little longer: a second application, if there were one, would have come by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    after = await Promise.all(SLUGS.map(program));
    for (const [index, each] of after.entries()) {
      expect(each.admissionStatus).toBe('SEEKING_PARTNERS');
      expect(each.statusHistory.length).toBe((before[index]?.statusHistory.length ?? 0) + 1);
      expect(each.statusHistory.at(-1)?.changedAt).toBe(moment.toISOString());
      const audit = await admin<{ auditLog: { edges: Array<{ node: { action: string } }> } }>(MOVES, { id: each.id });
      expect(audit.data?.auditLog.edges.filter((edge) => edge.node.action === 'admission-status-changed')).toHaveLength(1);
    }
  }, 60_000);
});
