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
import { buildCertHubSchema } from '../../schema/build-schema.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { applicationForm, SUBMIT, setProgram, submit, TRACK } from '../../test/applications.js';
import { watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { RequirementEntity } from '../how-to-join/how-to-join.entities.js';
import { NotificationEntity } from '../notification/notification.entity.js';
import { ApplicationEntity } from './application.entity.js';

const STAFF_EMAIL = 'partners@certhub.example';

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

  it('refuses a second open application of the same company to a program, by name or website, but not to another program or after withdrawal', async () => {
    const first = await submit(
      server.client(),
      applicationForm(gateway, { companyName: 'Globex GmbH', companyWebsite: 'https://globex.example' }),
    );
    for (const overrides of [
      { companyName: 'GLOBEX', companyWebsite: 'https://other.example' },
      { companyName: '  globex  gmbh. ', companyWebsite: 'https://other.example' },
      { companyName: 'Globex Communications', companyWebsite: 'https://www.globex.example/voice' },
    ]) {
      const error = await errorOf(applicationForm(gateway, overrides));
      expect(error.message).toMatch(/already has an open application to the Gateway program/);
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_APPLICATION', field: 'input.companyName' });
      // The other application's reference is not disclosed to whoever asks.
      expect(JSON.stringify(error)).not.toContain(first.reference);
    }
    await submit(server.client(), applicationForm(sbc, { companyName: 'Globex GmbH', companyWebsite: 'https://globex.example' }));

    // The same form sent three times at once (a double click, a retry): one application.
    const racing = await Promise.all(
      [0, 1, 2].map(() =>
        server.client().graphql(SUBMIT, {
          input: applicationForm(gateway, { companyName: 'Racer', companyWebsite: 'https://racer.example' }),
        }),
      ),
    );
    expect(racing.filter(({ body }) => !body.errors)).toHaveLength(1);
    expect(racing.filter(({ body }) => body.errors?.[0]?.extensions?.reason === 'DUPLICATE_APPLICATION')).toHaveLength(2);

    const withdrawn = await server
      .client()
      .graphql(WITHDRAW, { input: { reference: first.reference, token: first.accessToken } });
    expect(withdrawn.body.data?.withdrawApplication).toEqual({ status: 'WITHDRAWN', canWithdraw: false });
    await submit(server.client(), applicationForm(gateway, { companyName: 'Globex', companyWebsite: 'https://globex.example' }));
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
