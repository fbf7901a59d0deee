import { createHash } from 'node:crypto';
import {
  APPLICATION_MESSAGE_MAX_LENGTH,
  COMPANY_NAME_MAX_LENGTH,
  COMPANY_WEBSITE_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_MAX_LENGTH,
  PRODUCT_SUMMARY_MAX_LENGTH,
  REFERENCE_PATTERN,
} from '@certhub/domain/application';
import { KNOWN_REQUIREMENT_IDS } from '@certhub/domain/how-to-join';
import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../../db/data-source.js';
import { NotificationEntity } from '../../platform/notification/notification.entity.js';
import { buildCertHubSchema } from '../../schema/build-schema.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { applicationForm, SUBMIT, setProgram, submit, TRACK } from '../../test/applications.js';
import { watchAuditTrail } from '../../test/audit-trail.js';
import { analyzedPlan, queryPlan, READS_WHOLE_TABLE, withGrownTable } from '../../test/query-plan.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { RequirementEntity } from '../how-to-join/how-to-join.entities.js';
import { ApplicationEntity } from './application.entity.js';
import { openApplicationQuery } from './application.service.js';

const STAFF_EMAIL = 'partners@certhub.example';
/** Every column of an application but its id, for copies of one (`withGrownTable`). */
const APPLICATION_COLUMNS = [
  'reference',
  'program_id',
  'status',
  'company_name',
  'company_key',
  'company_website',
  'website_host',
  'headquarters_country',
  'contact_name',
  'contact_email',
  'contact_phone',
  'product_summary',
  'message',
  'attested_requirement_ids',
  'access_token_hash',
  'version',
  'submitted_at',
  'status_changed_at',
  'decided_at',
  'accepted_at',
  'onboarded_at',
  'updated_at',
];

const WITHDRAW = `mutation ($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { status canWithdraw } }`;

interface Tracked {
  reference: string;
  status: string;
  companyName: string;
  contactEmail: string;
  contactPhone: string | null;
  canReply: boolean;
  canWithdraw: boolean;
  program: { id: string; name: string };
  timeline: Array<{ kind: string; author: string; fromStatus: string | null; toStatus: string | null; body: string | null }>;
}

describe('submitApplication and trackApplication', () => {
  let server: TestServer;
  let editor: TestClient;
  let sbc: string;
  let gateway: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, applications: { perHour: 0, staffNotificationEmail: STAFF_EMAIL } },
    });
    editor = await server.signIn('EDITOR');
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  const applications = () => server.db.dataSource.getRepository(ApplicationEntity);
  const outbox = () => server.db.dataSource.getRepository(NotificationEntity);
  const errorOf = async (input: Record<string, unknown>) => {
    const { status, body } = await server.client().graphql(SUBMIT, { input });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    return body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
  };
  const track = (reference: string, token: string) =>
    server.client().graphql<{ trackApplication: Tracked }>(TRACK, { reference, token });

  it('takes an application to a program seeking partners, with a reference, and a token shown once and stored hashed', async () => {
    const program = await server.graphql<{ program: { id: string; version: number } }>(`{ program(slug: "sbc") { id version } }`);
    const opened = await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { admissionStatus } }`,
      {
        input: {
          programId: program.body.data?.program.id,
          status: 'SEEKING_PARTNERS',
          expectedVersion: program.body.data?.program.version,
        },
      },
    );
    expect(opened.body.errors).toBeUndefined();
    sbc = program.body.data?.program.id as string;
    const trail = await watchAuditTrail(server.db.dataSource);

    const receipt = await submit(server.client(), applicationForm(sbc, { contactPhone: '' }));
    expect(receipt.reference).toMatch(REFERENCE_PATTERN);
    expect(receipt.accessToken).toMatch(/^[\w-]{43}$/);

    const stored = await applications().findOneByOrFail({ reference: receipt.reference });
    expect(stored).toMatchObject({
      status: 'SUBMITTED',
      companyName: 'Acme Networks, Inc.',
      companyKey: 'acmenetworks',
      websiteHost: 'acme.example',
      contactPhone: null,
      attestedRequirementIds: [...KNOWN_REQUIREMENT_IDS],
      accessTokenHash: createHash('sha256').update(receipt.accessToken).digest('hex'),
      version: 1,
    });
    // The token itself is nowhere: not in the row, the audit trail or the outbox.
    const events = await trail();
    const written = JSON.stringify([stored, events, await outbox().find()]);
    expect(written).not.toContain(receipt.accessToken);
    expect(events.map(({ action, actor, actorId, entityType }) => ({ action, actor, actorId, entityType }))).toEqual([
      { action: 'application-submitted', actor: 'applicant', actorId: null, entityType: 'Application' },
    ]);

    const notifications = await outbox().findBy({ applicationId: stored.id });
    expect(notifications.map(({ kind, audience, recipient, status }) => ({ kind, audience, recipient, status }))).toEqual([
      { kind: 'application-received', audience: 'APPLICANT', recipient: 'jane@acme.example', status: 'PENDING' },
      { kind: 'staff-application-submitted', audience: 'STAFF', recipient: STAFF_EMAIL, status: 'PENDING' },
    ]);
    expect(notifications[0]?.body).toContain(receipt.reference);

    for (const reference of [receipt.reference, receipt.reference.toLowerCase(), receipt.reference.slice(4)]) {
      const { body } = await track(reference, receipt.accessToken);
      expect(body.errors).toBeUndefined();
      expect(body.data?.trackApplication).toMatchObject({
        reference: receipt.reference,
        status: 'SUBMITTED',
        program: { id: sbc, name: 'SBC' },
        contactEmail: 'jane@acme.example',
        contactPhone: null,
        canReply: false,
        canWithdraw: true,
        timeline: [{ kind: 'STATUS_CHANGE', author: 'APPLICANT', fromStatus: null, toStatus: 'SUBMITTED', body: null }],
      });
    }
  });

  it('refuses each program that takes no applications with its own error, writing nothing', async () => {
    const closed = await setProgram(server.db.dataSource, 'migration', { admissionStatus: 'CLOSED' });
    const notSeeking = await setProgram(server.db.dataSource, 'contact-center', {});
    const noReview = await setProgram(server.db.dataSource, 'sip-trunks', {});
    const before = { applications: await applications().count(), outbox: await outbox().count() };

    const notSeekingError = await errorOf(applicationForm(notSeeking, { companyName: 'Other Co' }));
    expect(notSeekingError.message).toMatch(/Contact Center program is not seeking partners/);
    expect(notSeekingError.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.programId',
      reason: 'NOT_SEEKING_PARTNERS',
    });

    const noReviewError = await errorOf(applicationForm(noReview, { companyName: 'Other Co' }));
    expect(noReviewError.message).toMatch(/needs no admission review.*contact a certification lab.*Tekvizion \(http.*Wipro/);
    expect(noReviewError.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.programId',
      reason: 'NO_ADMISSION_REVIEW',
      labs: [
        { name: 'Tekvizion', url: expect.stringContaining('tekvizion') },
        { name: 'Wipro', url: expect.stringContaining('wipro') },
      ],
    });

    const closedError = await errorOf(applicationForm(closed, { companyName: 'Other Co' }));
    expect(closedError.message).toMatch(/Migration program is closed/);
    expect(closedError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.programId', reason: 'PROGRAM_CLOSED' });

    for (const programId of ['UHJvZ3JhbTo5OTk5', 'nonsense', Buffer.from('Lab:1').toString('base64url')]) {
      expect((await errorOf(applicationForm(programId))).extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'input.programId',
      });
    }
    expect({ applications: await applications().count(), outbox: await outbox().count() }).toEqual(before);
  });

  it("checks every field with the domain's rules and names each one at fault", async () => {
    const error = await errorOf(
      applicationForm(gateway, {
        companyName: '  ',
        companyWebsite: 'acme',
        headquartersCountry: 'Germany',
        contactEmail: 'jane',
        contactPhone: 'call me maybe',
        attestedRequirementIds: [],
      }),
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.companyName' });
    expect((error.extensions.fieldErrors as Array<{ field: string }>).map(({ field }) => field)).toEqual([
      'input.companyName',
      'input.companyWebsite',
      'input.headquartersCountry',
      'input.contactEmail',
      'input.contactPhone',
      'input.attestedRequirementIds',
    ]);

    const tooLong: Array<[string, string]> = [
      ['companyName', 'x'.repeat(COMPANY_NAME_MAX_LENGTH + 1)],
      ['companyWebsite', `https://acme.example/${'x'.repeat(COMPANY_WEBSITE_MAX_LENGTH)}`],
      ['contactName', 'x'.repeat(CONTACT_NAME_MAX_LENGTH + 1)],
      ['contactEmail', `${'x'.repeat(320)}@acme.example`],
      ['contactPhone', `+49 ${'1'.repeat(CONTACT_PHONE_MAX_LENGTH)}`],
      ['productSummary', 'x'.repeat(PRODUCT_SUMMARY_MAX_LENGTH + 1)],
      ['message', 'x'.repeat(APPLICATION_MESSAGE_MAX_LENGTH + 1)],
      ['attestedRequirementIds', 'x'.repeat(101)],
    ];
    for (const [field, value] of tooLong) {
      const input = applicationForm(gateway, { [field]: field === 'attestedRequirementIds' ? [value] : value });
      const { extensions } = await errorOf(input);
      expect({ field, extensions }).toMatchObject({
        field,
        extensions: { code: 'BAD_USER_INPUT', field: expect.stringMatching(`^input.${field}`) },
      });
    }
    const missing = await errorOf(applicationForm(gateway, { attestedRequirementIds: KNOWN_REQUIREMENT_IDS.slice(0, 5) }));
    expect(missing.message).toMatch(/not yet confirmed: usage-data/);
    expect(missing.extensions).toMatchObject({ field: 'input.attestedRequirementIds' });
    expect(await applications().countBy({ programId: Number(Buffer.from(gateway, 'base64url').toString().split(':')[1]) })).toBe(
      0,
    );
  });

  it('wants every requirement of the database attested, whatever the page says today', async () => {
    const requirements = server.db.dataSource.getRepository(RequirementEntity);
    await requirements.insert({ id: 'nda', text: 'Willingness to sign a non-disclosure agreement', position: 7 });
    try {
      const refused = await errorOf(applicationForm(gateway, { companyName: 'Requirement Tester' }));
      expect(refused.message).toMatch(/not yet confirmed: nda/);
      const all = [...KNOWN_REQUIREMENT_IDS, 'nda'];
      expect(
        (
          await submit(
            server.client(),
            applicationForm(gateway, {
              companyName: 'Requirement Tester',
              companyWebsite: 'https://req.example',
              attestedRequirementIds: all,
            }),
          )
        ).reference,
      ).toMatch(REFERENCE_PATTERN);
    } finally {
      await requirements.delete({ id: 'nda' });
    }
  });

  it('answers a second open application of the same company to a program as if it were new, and tells its contact by email', async () => {
    const first = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Globex GmbH', companyWebsite: 'https://globex.example' }),
    );
    const trail = await watchAuditTrail(server.db.dataSource);
    const recorded = await applications().count();
    for (const [index, overrides] of [
      { companyName: 'GLOBEX', companyWebsite: 'https://other.example' },
      { companyName: '  globex  gmbh. ', companyWebsite: 'https://other.example' },
      { companyName: 'Globex Communications', companyWebsite: 'https://www.globex.example/voice' },
    ].entries()) {
      const contactEmail = `second-${index}@globex.example`;
      // The same answer as a new application's: a receipt, no error, nothing about the other one.
      const { status, body } = await server
        .client()
        .graphql<{ submitApplication: { reference: string; accessToken: string } }>(SUBMIT, {
          input: applicationForm(gateway, { ...overrides, contactEmail }),
        });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const receipt = body.data?.submitApplication;
      expect(receipt?.reference).toMatch(REFERENCE_PATTERN);
      expect(receipt?.accessToken).toMatch(/^[\w-]{43}$/);
      expect(JSON.stringify(body)).not.toContain(first.reference);
      expect((await track(receipt?.reference ?? '', receipt?.accessToken ?? '')).body.errors?.[0]?.extensions?.code).toBe(
        'NOT_FOUND',
      );
      // The truth goes to the contact address of the submission, without the other reference.
      const [told, ...more] = await outbox().findBy({ recipient: contactEmail });
      expect(more).toEqual([]);
      expect(told).toMatchObject({
        kind: 'application-duplicate',
        audience: 'APPLICANT',
        subject: 'Your application to Gateway: you already have an open application',
        applicationId: null,
      });
      expect(told?.body).toMatch(/already has an open application to it, so this one was not recorded/);
      expect(told?.body).not.toContain(first.reference);
    }
    expect(await applications().count()).toBe(recorded);
    // Staff see the attempts on the open application.
    expect((await trail()).map(({ action, entityType }) => ({ action, entityType }))).toEqual(
      Array.from({ length: 3 }, () => ({ action: 'application-duplicate', entityType: 'Application' })),
    );
    await submit(server.client(), applicationForm(sbc, { companyName: 'Globex GmbH', companyWebsite: 'https://globex.example' }));

    // The same form sent three times at once (a double click, a retry): one application, three alike answers.
    const racing = await Promise.all(
      [0, 1, 2].map(() =>
        server.client().graphql(SUBMIT, {
          input: applicationForm(gateway, {
            companyName: 'Racer',
            companyWebsite: 'https://racer.example',
            contactEmail: 'racer@racer.example',
          }),
        }),
      ),
    );
    expect(racing.filter(({ body }) => !body.errors && body.data?.submitApplication)).toHaveLength(3);
    expect(await applications().countBy({ companyKey: 'racer' })).toBe(1);

    const withdrawn = await server
      .client()
      .graphql(WITHDRAW, { input: { reference: first.reference, token: first.accessToken } });
    expect(withdrawn.body.data?.withdrawApplication).toEqual({ status: 'WITHDRAWN', canWithdraw: false });
    const again = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Globex', companyWebsite: 'https://globex.example' }),
    );
    expect((await track(again.reference, again.accessToken)).body.errors).toBeUndefined();
  });

  it('answers a filled honeypot as if it were accepted, and writes nothing', async () => {
    const before = { applications: await applications().count(), outbox: await outbox().count() };
    const receipt = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Bot Ltd', honeypot: 'http://spam.example' }),
    );
    expect(receipt.reference).toMatch(REFERENCE_PATTERN);
    expect(receipt.accessToken).toMatch(/^[\w-]{43}$/);
    expect({ applications: await applications().count(), outbox: await outbox().count() }).toEqual(before);
    expect((await track(receipt.reference, receipt.accessToken)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('gives the same NOT_FOUND for a wrong token, an unknown reference and nonsense', async () => {
    const mine = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Initech', companyWebsite: 'https://initech.example' }),
    );
    const theirs = await submit(
      server.client(),
      applicationForm(sbc, { companyName: 'Initrode', companyWebsite: 'https://initrode.example' }),
    );
    const answers = [];
    for (const [reference, token] of [
      [mine.reference, theirs.accessToken],
      // The token with its last character changed (to another one, whatever it was).
      [mine.reference, `${mine.accessToken.slice(0, -1)}${mine.accessToken.endsWith('A') ? 'B' : 'A'}`],
      [mine.reference, ''],
      [mine.reference, 'x'.repeat(10_000)],
      [theirs.reference === 'APP-00000' ? 'APP-00001' : 'APP-00000', mine.accessToken],
      ['not a reference', mine.accessToken],
    ] as const) {
      const { body } = await track(reference, token);
      expect(body.data).toBeNull();
      answers.push(body.errors?.map(({ message, extensions }) => ({ message, extensions })));
    }
    expect(answers[0]).toEqual([
      { message: 'No application has this reference and access token.', extensions: { code: 'NOT_FOUND', field: 'reference' } },
    ]);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect((await track(mine.reference, mine.accessToken)).body.data?.trackApplication.companyName).toBe('Initech');
  });

  it("never caches an applicant's view, and no public query reaches an application", async () => {
    const receipt = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Umbrella', companyWebsite: 'https://umbrella.example' }),
    );
    const anonymous = server.client();
    const first = await anonymous.graphql<{ trackApplication: Tracked }>(TRACK, {
      reference: receipt.reference,
      token: receipt.accessToken,
    });
    expect(first.body.data?.trackApplication.status).toBe('SUBMITTED');
    await anonymous.graphql(WITHDRAW, { input: { reference: receipt.reference, token: receipt.accessToken } });
    const second = await anonymous.graphql<{ trackApplication: Tracked }>(TRACK, {
      reference: receipt.reference,
      token: receipt.accessToken,
    });
    expect(second.body.data?.trackApplication.status).toBe('WITHDRAWN');
    expect(Number(second.headers.get('x-sql-statements'))).toBeGreaterThan(1);

    // Application types are only answered by staff-only queries, or by trackApplication with the token.
    const schema = await buildCertHubSchema();
    const TOKEN_OPERATIONS = new Set(['trackApplication', 'replyToApplication', 'withdrawApplication']);
    const privateTypes = /^(Application|ApplicationEvent|ApplicationConnection|ApplicationPipeline|TrackedApplication)$/;
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (!privateTypes.test(getNamedType(field.type).name)) continue;
        expect({
          field: field.name,
          guarded: Boolean(field.extensions.requiredRole) || TOKEN_OPERATIONS.has(field.name),
        }).toEqual({
          field: field.name,
          guarded: true,
        });
      }
    }
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || /Application|^Query$|^Mutation$|^Subscription$/.test(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        expect(`${type.name}.${field.name}: ${getNamedType(field.type).name}`).not.toMatch(/: .*Application/);
      }
    }
  });

  it('finds an open application of the same company by two index lookups, however many the program has', async () => {
    // Each submission runs both lookups. On PostgreSQL without statistics the planner once read
    // the name lookup from the host index by the program alone: every application of the program
    // (migration 1767500000000).
    const [first] = await applications().find({ order: { id: 'ASC' }, take: 1 });
    if (!first) throw new Error('The tests above submitted no application.');
    await withGrownTable(
      server.db.dataSource,
      { table: 'application', columns: APPLICATION_COLUMNS, count: 2_000, numbered: ['reference'] },
      async (runner) => {
        for (const [same, index] of [
          [{ companyKey: 'someone else' }, 'IDX_application_program_company'],
          [{ websiteHost: 'elsewhere.example' }, 'IDX_application_program_host'],
        ] as const) {
          const [sql, parameters] = openApplicationQuery(runner.manager, first.programId, same).getQueryAndParameters();
          if (dialectOf(runner.connection) === 'postgres') {
            const plan = await analyzedPlan(runner.manager, sql, parameters);
            expect(plan.nodes).toEqual(['Limit', `Index Scan ${index}`]);
            expect(plan.sharedBuffers).toBeLessThanOrEqual(8);
          } else {
            const plan = await queryPlan(runner, sql, parameters);
            expect(plan).toContain(index);
            expect(plan).not.toMatch(READS_WHOLE_TABLE);
          }
        }
        const found = await openApplicationQuery(runner.manager, first.programId, { companyKey: first.companyKey }).getOne();
        expect(found?.id).toBe(first.id);
      },
    );
  });
});

describe('the submission limit per client address', () => {
  let server: TestServer;
  let gateway: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, applications: { perHour: 2, staffNotificationEmail: null } },
    });
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  it('counts accepted submissions and honeypots, not refused ones, and says when to try again', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { body } = await server.client().graphql(SUBMIT, { input: applicationForm(gateway, { contactEmail: 'nope' }) });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    await submit(server.client(), applicationForm(gateway, { companyName: 'One', companyWebsite: 'https://one.example' }));
    await submit(server.client(), applicationForm(gateway, { companyName: 'Two', honeypot: 'x' }));
    const { body } = await server.client().graphql(SUBMIT, {
      input: applicationForm(gateway, { companyName: 'Three', companyWebsite: 'https://three.example' }),
    });
    const error = body.errors?.[0];
    expect(error?.message).toMatch(
      /Too many applications were sent from your address in the last hour\. Try again in \d+ minutes \(after \d\d:\d\d UTC\)\./,
    );
    expect(error?.extensions).toMatchObject({
      code: 'SUBMISSIONS_THROTTLED',
      retryAfterSeconds: expect.any(Number),
      retryAt: expect.any(String),
    });
    expect(error?.extensions?.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(await server.db.dataSource.getRepository(ApplicationEntity).count()).toBe(1);
  });
});

describe('what a duplicate costs, and emails to one address', () => {
  let server: TestServer;
  let gateway: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: {
        session: DEFAULT_SESSION_POLICY,
        applications: { perHour: 4, staffNotificationEmail: null },
        emailsPerRecipientPerDay: 2,
      },
    });
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  const outbox = () => server.db.dataSource.getRepository(NotificationEntity);

  it('counts a duplicate against the hourly allowance, so probing for other applications is not free', async () => {
    await submit(server.client(), applicationForm(gateway, { companyName: 'Probed', companyWebsite: 'https://probed.example' }));
    for (let attempt = 0; attempt < 3; attempt++) {
      await submit(
        server.client(),
        applicationForm(gateway, {
          companyName: 'Probed',
          companyWebsite: 'https://probed.example',
          contactEmail: 'spy@spy.example',
        }),
      );
    }
    const { body } = await server.client().graphql(SUBMIT, {
      input: applicationForm(gateway, { companyName: 'Fresh', companyWebsite: 'https://fresh.example' }),
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBMISSIONS_THROTTLED');
    // Two of the three duplicate notices: the address had its two emails for the day.
    expect((await outbox().findBy({ recipient: 'spy@spy.example' })).map(({ kind }) => kind)).toEqual([
      'application-duplicate',
      'application-duplicate',
    ]);
  });
});

describe('receipts to one address', () => {
  let server: TestServer;
  let gateway: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: {
        session: DEFAULT_SESSION_POLICY,
        applications: { perHour: 0, staffNotificationEmail: null },
        emailsPerRecipientPerDay: 2,
      },
    });
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  it('sends at most the daily cap to one address (compared in lower case), and answers as usual past it', async () => {
    const receipts = [];
    for (const [index, contactEmail] of ['target@victim.example', 'TARGET@Victim.example', 'Target@victim.EXAMPLE'].entries()) {
      receipts.push(
        await submit(
          server.client(),
          applicationForm(gateway, {
            companyName: `Company ${index}`,
            companyWebsite: `https://c${index}.example`,
            contactEmail,
          }),
        ),
      );
    }
    const applications = server.db.dataSource.getRepository(ApplicationEntity);
    expect(await applications.count()).toBe(3);
    const sent = await server.db.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('notification')
      .where('LOWER(notification.recipient) = :address', { address: 'target@victim.example' })
      .getMany();
    expect(sent.map(({ kind }) => kind)).toEqual(['application-received', 'application-received']);
    // The third applicant still follows theirs with the receipt the answer gave.
    const third = receipts[2] as { reference: string; accessToken: string };
    const tracked = await server.client().graphql(TRACK, { reference: third.reference, token: third.accessToken });
    expect(tracked.body.errors).toBeUndefined();
  });
});
