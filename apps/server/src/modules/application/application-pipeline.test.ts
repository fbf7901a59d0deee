import type { ApplicationStatus } from '@certhub/domain/application';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../shared/global-id.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEntity } from './application.entity.js';

const PIPELINE = `query ($programId: ID) {
  applicationPipeline(programId: $programId) {
    since
    overall { ...figures }
    programs { program { name } partnerCapacity partnerPlacesTaken onboardedPartners figures { ...figures } }
  }
}
fragment figures on ApplicationPipelineFigures {
  open { status count } openTotal decisions medianDaysToDecision onboardings medianDaysToOnboarding
}`;

const DAY = 86_400_000;

const open = (submitted: number, inReview: number, infoRequested: number, accepted: number) => [
  { status: 'SUBMITTED', count: submitted },
  { status: 'IN_REVIEW', count: inReview },
  { status: 'INFO_REQUESTED', count: infoRequested },
  { status: 'ACCEPTED', count: accepted },
];

describe('applicationPipeline', () => {
  let server: TestServer;
  let editor: TestClient;
  let made = 0;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  /** An application with the given dates, in days before now, straight in the database. */
  const insert = async (
    slug: string,
    status: ApplicationStatus,
    days: { submitted: number; decided?: number; accepted?: number; onboarded?: number },
  ) => {
    const program = await server.db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug });
    const ago = (count: number | undefined) => (count === undefined ? null : new Date(Date.now() - count * DAY));
    made++;
    await server.db.dataSource.getRepository(ApplicationEntity).save({
      reference: `APP-0000${made}`,
      programId: program.id,
      status,
      companyName: `Secret Company ${made}`,
      companyKey: `secretcompany${made}`,
      companyWebsite: `https://secret${made}.example`,
      websiteHost: `secret${made}.example`,
      headquartersCountry: 'DE',
      contactName: 'Secret Person',
      contactEmail: `secret${made}@example.com`,
      contactPhone: null,
      productSummary: 'Secret product',
      message: 'Secret message',
      attestedRequirementIds: [],
      accessTokenHash: '0'.repeat(64),
      submittedAt: ago(days.submitted) as Date,
      statusChangedAt: new Date(),
      decidedAt: ago(days.decided),
      acceptedAt: ago(days.accepted),
      onboardedAt: ago(days.onboarded),
    });
  };

  it('counts open applications by status and takes the medians of the last year, per program and overall', async () => {
    await server.db.dataSource.getRepository(ProgramEntity).update({ slug: 'gateway' }, { partnerCapacity: 5 });
    await insert('gateway', 'ONBOARDED', { submitted: 10, decided: 4, accepted: 4, onboarded: 1 });
    await insert('gateway', 'DECLINED', { submitted: 20, decided: 10 });
    await insert('gateway', 'DECLINED', { submitted: 400, decided: 390 });
    await insert('gateway', 'ONBOARDED', { submitted: 420, decided: 410, accepted: 410, onboarded: 380 });
    await insert('gateway', 'SUBMITTED', { submitted: 1 });
    await insert('gateway', 'IN_REVIEW', { submitted: 2 });
    await insert('gateway', 'INFO_REQUESTED', { submitted: 3 });
    await insert('sbc', 'ACCEPTED', { submitted: 30, decided: 2, accepted: 2 });
    await insert('sbc', 'WITHDRAWN', { submitted: 5 });

    const { body } = await editor.graphql<{ applicationPipeline: Record<string, unknown> }>(PIPELINE);
    expect(body.errors).toBeUndefined();
    const pipeline = body.data?.applicationPipeline;
    expect(Date.now() - Date.parse(pipeline?.since as string)).toBeCloseTo(365 * DAY, -5);
    const gateway = { openTotal: 3, decisions: 2, medianDaysToDecision: 8, onboardings: 1, medianDaysToOnboarding: 3 };
    const sbc = { openTotal: 1, decisions: 1, medianDaysToDecision: 28, onboardings: 0, medianDaysToOnboarding: null };
    expect(pipeline).toEqual({
      since: expect.any(String),
      overall: {
        open: open(1, 1, 1, 1),
        openTotal: 4,
        decisions: 3,
        medianDaysToDecision: 10,
        onboardings: 1,
        medianDaysToOnboarding: 3,
      },
      programs: [
        {
          program: { name: 'Gateway' },
          partnerCapacity: 5,
          partnerPlacesTaken: 2,
          onboardedPartners: 2,
          figures: { open: open(1, 1, 1, 0), ...gateway },
        },
        {
          program: { name: 'SBC' },
          partnerCapacity: null,
          partnerPlacesTaken: 1,
          onboardedPartners: 0,
          figures: { open: open(0, 0, 0, 1), ...sbc },
        },
      ],
    });
    // Figures, not people.
    expect(JSON.stringify(pipeline)).not.toMatch(/Secret|secret|APP-/);

    const sbcId = toGlobalId(
      'Program',
      (await server.db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'sbc' })).id,
    );
    const one = await editor.graphql<{
      applicationPipeline: { overall: unknown; programs: Array<{ program: { name: string } }> };
    }>(PIPELINE, { programId: sbcId });
    expect(one.body.data?.applicationPipeline.overall).toEqual({ open: open(0, 0, 0, 1), ...sbc });
    expect(one.body.data?.applicationPipeline.programs.map(({ program }) => program.name)).toEqual(['SBC']);

    const pcs = toGlobalId(
      'Program',
      (await server.db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'pcs' })).id,
    );
    const none = await editor.graphql<{ applicationPipeline: { overall: unknown; programs: unknown[] } }>(PIPELINE, {
      programId: pcs,
    });
    const empty = {
      open: open(0, 0, 0, 0),
      openTotal: 0,
      decisions: 0,
      medianDaysToDecision: null,
      onboardings: 0,
      medianDaysToOnboarding: null,
    };
    expect(none.body.data?.applicationPipeline.overall).toEqual(empty);
    expect(none.body.data?.applicationPipeline.programs).toEqual([
      { program: { name: 'PCs' }, partnerCapacity: null, partnerPlacesTaken: 0, onboardedPartners: 0, figures: empty },
    ]);
    const wrong = await editor.graphql(PIPELINE, { programId: 'nonsense' });
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
  });

  it("gives each program's partner places taken on the program itself, batched (as on an application's page)", async () => {
    const PLACES = `{ programs(first: 100) { edges { node { slug partnerCapacity partnerPlacesTaken } } } }`;
    const { body, headers } = await editor.graphql<{
      programs: { edges: Array<{ node: { slug: string; partnerCapacity: number | null; partnerPlacesTaken: number } }> };
    }>(PLACES);
    expect(body.errors).toBeUndefined();
    const nodes = body.data?.programs.edges.map((edge) => edge.node) ?? [];
    expect(nodes.length).toBeGreaterThan(10);
    // Accepted and onboarded take a place; declined, withdrawn and open applications do not.
    expect(nodes.filter((node) => node.partnerPlacesTaken > 0).sort((a, b) => a.slug.localeCompare(b.slug))).toEqual([
      { slug: 'gateway', partnerCapacity: 5, partnerPlacesTaken: 2 },
      { slug: 'sbc', partnerCapacity: null, partnerPlacesTaken: 1 },
    ]);
    const statements = Number(headers.get('x-sql-statements'));
    const pcsOnly = await editor.graphql(`{ program(slug: "pcs") { partnerPlacesTaken } }`);
    expect(pcsOnly.body.data).toEqual({ program: { partnerPlacesTaken: 0 } });
    expect(statements).toBeGreaterThan(1);
    expect(statements).toBeLessThanOrEqual(Number(pcsOnly.headers.get('x-sql-statements')) + 2);
    const anonymous = await server.graphql(`{ program(slug: "gateway") { partnerPlacesTaken } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
