import { APPLICATION_STATUSES, type ApplicationStatus, allowedTransitions } from '@certhub/domain/application';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationEntity } from '../../platform/notification/notification.entity.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import {
  APPLICATION,
  applicationForm,
  applicationOf,
  moveTo,
  type Receipt,
  SET_STATUS,
  setProgram,
  submit,
  TRACK,
} from '../../test/applications.js';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { ApplicationEntity } from './application.entity.js';

const STAFF_EMAIL = 'partners@certhub.example';
const REPLY = `mutation ($input: ReplyToApplicationInput!) { replyToApplication(input: $input) { status canReply } }`;
const WITHDRAW = `mutation ($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { status canWithdraw } }`;
const NOTE = `mutation ($input: AddApplicationNoteInput!) { addApplicationNote(input: $input) { id } }`;
const MESSAGE = `mutation ($input: SendApplicationMessageInput!) { sendApplicationMessage(input: $input) { id } }`;

interface TimelineEntry {
  kind: string;
  author: string;
  authorName?: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  vendorVisible?: boolean;
}

describe('reviewing applications', () => {
  let server: TestServer;
  let editor: TestClient & { email: string };
  let gateway: string;
  let company = 0;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, applications: { perHour: 0, staffNotificationEmail: STAFF_EMAIL } },
    });
    editor = await server.signIn('EDITOR');
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  /** A new application from a new company. */
  const apply = (programId = gateway, overrides: Record<string, unknown> = {}) => {
    company++;
    return submit(
      server.client(),
      applicationForm(programId, {
        companyName: `Company ${company}`,
        companyWebsite: `https://company${company}.example`,
        ...overrides,
      }),
    );
  };
  const tracked = async (receipt: Receipt) => {
    const { body } = await server.client().graphql<{
      trackApplication: { status: string; canReply: boolean; canWithdraw: boolean; timeline: TimelineEntry[] };
    }>(TRACK, { reference: receipt.reference, token: receipt.accessToken });
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.trackApplication;
  };
  /** Puts an application in a status straight in the database, to test what can happen from there. */
  const putIn = async (reference: string, status: ApplicationStatus) => {
    await server.db.dataSource.getRepository(ApplicationEntity).update({ reference }, { status });
  };

  it('takes an application through the API alone from submission to onboarded', async () => {
    const program = await server.graphql<{ program: { id: string; version: number } }>(`{ program(slug: "sbc") { id version } }`);
    await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { admissionStatus } }`,
      {
        input: {
          programId: program.body.data?.program.id,
          status: 'SEEKING_PARTNERS',
          expectedVersion: program.body.data?.program.version,
        },
      },
    );
    const sbc = program.body.data?.program.id as string;
    const trail = await watchAuditTrail(server.db.dataSource);
    const receipt = await submit(server.client(), applicationForm(sbc));

    const listed = await editor.graphql<{
      applications: { totalCount: number; edges: Array<{ node: { id: string; reference: string } }> };
    }>(
      `query ($programId: ID) { applications(filter: { status: [SUBMITTED], programId: $programId }) { totalCount edges { node { id reference } } } }`,
      { programId: sbc },
    );
    expect(listed.body.data?.applications.edges.map(({ node }) => node.reference)).toEqual([receipt.reference]);
    const id = listed.body.data?.applications.edges[0]?.node.id as string;

    expect(await moveTo(editor, receipt.reference, 'IN_REVIEW')).toMatchObject({ status: 'IN_REVIEW', version: 2 });
    await moveTo(editor, receipt.reference, 'INFO_REQUESTED', {
      message: 'Which SIP trunks have you tested with?',
      note: 'Check their references first',
    });
    expect(await tracked(receipt)).toMatchObject({ status: 'INFO_REQUESTED', canReply: true });

    const reply = await server.client().graphql(REPLY, {
      input: { reference: receipt.reference, token: receipt.accessToken, message: ' Five of the largest carriers. ' },
    });
    expect(reply.body.data?.replyToApplication).toEqual({ status: 'IN_REVIEW', canReply: false });
    expect(
      (await editor.graphql(NOTE, { input: { applicationId: id, note: 'References are fine.' } })).body.errors,
    ).toBeUndefined();
    expect(
      (await editor.graphql(MESSAGE, { input: { applicationId: id, message: 'Thank you, we are nearly done.' } })).body.errors,
    ).toBeUndefined();
    const accepted = await moveTo(editor, receipt.reference, 'ACCEPTED', { message: 'Welcome: the specs are attached.' });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', allowedTransitions: ['ONBOARDED', 'DECLINED'] });
    const onboarded = await moveTo(editor, receipt.reference, 'ONBOARDED');
    expect(onboarded).toMatchObject({
      status: 'ONBOARDED',
      allowedTransitions: [],
      decidedAt: expect.any(String),
      acceptedAt: expect.any(String),
      onboardedAt: expect.any(String),
    });

    // The applicant sees the changes and messages, never the notes or who wrote them.
    const vendorView = await tracked(receipt);
    expect(vendorView).toMatchObject({ status: 'ONBOARDED', canReply: false, canWithdraw: false });
    expect(vendorView.timeline).toEqual([
      {
        kind: 'STATUS_CHANGE',
        author: 'APPLICANT',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        body: null,
        occurredAt: expect.any(String),
      },
      {
        kind: 'STATUS_CHANGE',
        author: 'STAFF',
        fromStatus: 'SUBMITTED',
        toStatus: 'IN_REVIEW',
        body: null,
        occurredAt: expect.any(String),
      },
      {
        kind: 'STATUS_CHANGE',
        author: 'STAFF',
        fromStatus: 'IN_REVIEW',
        toStatus: 'INFO_REQUESTED',
        body: 'Which SIP trunks have you tested with?',
        occurredAt: expect.any(String),
      },
      {
        kind: 'STATUS_CHANGE',
        author: 'APPLICANT',
        fromStatus: 'INFO_REQUESTED',
        toStatus: 'IN_REVIEW',
        body: 'Five of the largest carriers.',
        occurredAt: expect.any(String),
      },
      {
        kind: 'MESSAGE',
        author: 'STAFF',
        fromStatus: null,
        toStatus: null,
        body: 'Thank you, we are nearly done.',
        occurredAt: expect.any(String),
      },
      {
        kind: 'STATUS_CHANGE',
        author: 'STAFF',
        fromStatus: 'IN_REVIEW',
        toStatus: 'ACCEPTED',
        body: 'Welcome: the specs are attached.',
        occurredAt: expect.any(String),
      },
      {
        kind: 'STATUS_CHANGE',
        author: 'STAFF',
        fromStatus: 'ACCEPTED',
        toStatus: 'ONBOARDED',
        body: null,
        occurredAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(vendorView)).not.toMatch(/References are fine|Check their references|editor/);

    // Staff see everything, with who wrote it.
    const staffView = await editor.graphql<{ application: { timeline: TimelineEntry[]; attestedRequirementIds: string[] } }>(
      APPLICATION,
      { id },
    );
    const notes = staffView.body.data?.application.timeline.filter((entry) => entry.kind === 'NOTE');
    expect(notes).toEqual([
      expect.objectContaining({ body: 'Check their references first', vendorVisible: false, authorName: editor.email }),
      expect.objectContaining({ body: 'References are fine.', vendorVisible: false, authorName: editor.email }),
    ]);
    expect(staffView.body.data?.application.timeline).toHaveLength(9);

    // Every change is audited with its actor.
    const events = await trail();
    expect(events.map(({ action, actor, changes }) => ({ action, actor, changes }))).toEqual([
      { action: 'application-submitted', actor: 'applicant', changes: { status: { from: null, to: 'SUBMITTED' } } },
      { action: 'application-status-changed', actor: editor.email, changes: { status: { from: 'SUBMITTED', to: 'IN_REVIEW' } } },
      {
        action: 'application-status-changed',
        actor: editor.email,
        changes: { status: { from: 'IN_REVIEW', to: 'INFO_REQUESTED' } },
      },
      {
        action: 'application-status-changed',
        actor: 'applicant',
        changes: { status: { from: 'INFO_REQUESTED', to: 'IN_REVIEW' } },
      },
      { action: 'application-note-added', actor: editor.email, changes: null },
      { action: 'application-message-sent', actor: editor.email, changes: null },
      { action: 'application-status-changed', actor: editor.email, changes: { status: { from: 'IN_REVIEW', to: 'ACCEPTED' } } },
      { action: 'application-status-changed', actor: editor.email, changes: { status: { from: 'ACCEPTED', to: 'ONBOARDED' } } },
    ]);
    expect(events.every((event) => event.entityType === 'Application' && event.entityId === databaseIdOf(id))).toBe(true);
    expect(events[2]?.reason).toBe('Check their references first');

    // Each vendor-visible event and each new application for staff is in the outbox.
    const outbox = await server.db.dataSource
      .getRepository(NotificationEntity)
      .find({ where: { applicationId: Number(databaseIdOf(id)) }, order: { id: 'ASC' } });
    expect(outbox.map(({ kind, recipient }) => ({ kind, recipient }))).toEqual([
      { kind: 'application-received', recipient: 'jane@acme.example' },
      { kind: 'staff-application-submitted', recipient: STAFF_EMAIL },
      { kind: 'application-info-requested', recipient: 'jane@acme.example' },
      { kind: 'staff-application-replied', recipient: STAFF_EMAIL },
      { kind: 'application-message', recipient: 'jane@acme.example' },
      { kind: 'application-accepted', recipient: 'jane@acme.example' },
      { kind: 'application-onboarded', recipient: 'jane@acme.example' },
    ]);
    expect(outbox[2]?.body).toContain('Which SIP trunks have you tested with?');
    expect(JSON.stringify(outbox)).not.toContain('References are fine');
  });

  it('refuses every illegal move with BAD_USER_INPUT naming the allowed ones, changing nothing', async () => {
    const receipt = await apply();
    const trail = await watchAuditTrail(server.db.dataSource);
    let refused = 0;
    for (const from of APPLICATION_STATUSES) {
      await putIn(receipt.reference, from);
      const current = await applicationOf(editor, receipt.reference);
      const allowed = allowedTransitions(from, 'STAFF');
      for (const to of APPLICATION_STATUSES.filter((status) => !allowed.includes(status))) {
        const { body } = await editor.graphql(SET_STATUS, {
          input: { applicationId: current.id, status: to, expectedVersion: current.version, message: 'x' },
        });
        expect({ from, to, extensions: body.errors?.[0]?.extensions }).toEqual({
          from,
          to,
          extensions: { code: 'BAD_USER_INPUT', field: 'input.status', status: from, allowedTransitions: allowed },
        });
        for (const name of allowed) expect(body.errors?.[0]?.message).toContain(name);
        refused++;
      }
      expect(await applicationOf(editor, receipt.reference)).toEqual(current);
    }
    expect(refused).toBe(49 - 9);
    expect(await trail()).toEqual([]);
  });

  it('lets staff decline, and the applicant withdraw, from every open state; nothing else for the applicant', async () => {
    for (const from of ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'ACCEPTED'] as const) {
      const declined = await apply();
      await putIn(declined.reference, from);
      expect(await moveTo(editor, declined.reference, 'DECLINED', { message: 'Not this year.' })).toMatchObject({
        status: 'DECLINED',
        decidedAt: expect.any(String),
      });
      const withdrawn = await apply();
      await putIn(withdrawn.reference, from);
      const { body } = await server.client().graphql(WITHDRAW, {
        input: { reference: withdrawn.reference, token: withdrawn.accessToken, reason: 'We merged with a partner.' },
      });
      expect(body.data?.withdrawApplication).toEqual({ status: 'WITHDRAWN', canWithdraw: false });
      expect((await tracked(withdrawn)).timeline.at(-1)).toMatchObject({
        author: 'APPLICANT',
        toStatus: 'WITHDRAWN',
        body: 'We merged with a partner.',
      });
    }
    const closed = await apply();
    await moveTo(editor, closed.reference, 'DECLINED');
    const again = await server.client().graphql(WITHDRAW, { input: { reference: closed.reference, token: closed.accessToken } });
    expect(again.body.errors?.[0]?.message).toMatch(/declined: it is closed/);
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowedTransitions: [] });

    const unasked = await apply();
    const reply = await server
      .client()
      .graphql(REPLY, { input: { reference: unasked.reference, token: unasked.accessToken, message: 'Hi' } });
    expect(reply.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NO_QUESTION',
      field: 'input.message',
    });
    const wrongToken = await server
      .client()
      .graphql(REPLY, { input: { reference: unasked.reference, token: closed.accessToken, message: 'Hi' } });
    expect(wrongToken.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', field: 'input.reference' });
    const staffWithdrawal = await editor.graphql(SET_STATUS, {
      input: { applicationId: (await applicationOf(editor, unasked.reference)).id, status: 'WITHDRAWN', expectedVersion: 1 },
    });
    expect(staffWithdrawal.body.errors?.[0]?.message).toMatch(/Only the applicant/);
  });

  it('wants a message when asking for information, bounded texts, and the current version', async () => {
    const receipt = await apply();
    await moveTo(editor, receipt.reference, 'IN_REVIEW');
    const current = await applicationOf(editor, receipt.reference);
    const attempt = (input: Record<string, unknown>) =>
      editor.graphql(SET_STATUS, { input: { applicationId: current.id, expectedVersion: current.version, ...input } });
    expect((await attempt({ status: 'INFO_REQUESTED', message: '  ' })).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.message',
    });
    expect((await attempt({ status: 'DECLINED', note: 'x'.repeat(5001) })).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
    });
    const stale = await attempt({ status: 'ACCEPTED', expectedVersion: current.version - 1 });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: current.version,
      current: { reference: receipt.reference, status: 'IN_REVIEW', version: current.version },
    });
    const reply = await server.client().graphql(REPLY, {
      input: { reference: receipt.reference, token: receipt.accessToken, message: 'x'.repeat(5001) },
    });
    expect(reply.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.message' });
    expect(
      (await editor.graphql(NOTE, { input: { applicationId: current.id, note: ' ' } })).body.errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
    });
    expect(await applicationOf(editor, receipt.reference)).toEqual(current);
  });

  it("refuses acceptances past the program's partner capacity, even at once", async () => {
    const pbx = await setProgram(server.db.dataSource, 'sba', { admissionStatus: 'SEEKING_PARTNERS', partnerCapacity: 2 });
    const [first, second, third, fourth] = [await apply(pbx), await apply(pbx), await apply(pbx), await apply(pbx)] as [
      Receipt,
      Receipt,
      Receipt,
      Receipt,
    ];
    for (const receipt of [first, second, third, fourth]) await moveTo(editor, receipt.reference, 'IN_REVIEW');
    await moveTo(editor, first.reference, 'ACCEPTED');
    await moveTo(editor, first.reference, 'ONBOARDED');

    // Two acceptances at once for the last place: exactly one gets it.
    const contenders = await Promise.all([second, third].map((receipt) => applicationOf(editor, receipt.reference)));
    const results = await Promise.all(
      contenders.map((application) =>
        editor.graphql(SET_STATUS, {
          input: { applicationId: application.id, status: 'ACCEPTED', expectedVersion: application.version },
        }),
      ),
    );
    const refusals = results.filter(({ body }) => body.errors);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.body.errors?.[0]?.message).toMatch(
      /SBA program has no partner place left: its capacity is 2 and 2 applications are accepted or onboarded/,
    );
    expect(refusals[0]?.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CAPACITY_REACHED',
      partnerCapacity: 2,
      partnerPlacesTaken: 2,
    });
    const fourthApplication = await applicationOf(editor, fourth.reference);
    const full = await editor.graphql(SET_STATUS, {
      input: { applicationId: fourthApplication.id, status: 'ACCEPTED', expectedVersion: fourthApplication.version },
    });
    expect(full.body.errors?.[0]?.extensions?.reason).toBe('CAPACITY_REACHED');
    expect(await applicationOf(editor, fourth.reference)).toEqual(fourthApplication);

    // A declined acceptance frees its place; an unlimited program has no limit.
    const winner = results.findIndex(({ body }) => !body.errors);
    await moveTo(editor, [second, third][winner]?.reference as string, 'DECLINED');
    await moveTo(editor, fourth.reference, 'ACCEPTED');
    await setProgram(server.db.dataSource, 'sba', { partnerCapacity: null });
    await moveTo(editor, [second, third][1 - winner]?.reference as string, 'ACCEPTED');
  });

  it('lists applications for staff, filtered, searched and paginated, newest first', async () => {
    const video = await setProgram(server.db.dataSource, 'video-infrastructure', { admissionStatus: 'SEEKING_PARTNERS' });
    const made = [
      await apply(video, { companyName: 'Zeta Video', contactEmail: 'ops@zeta.example' }),
      await apply(video, { companyName: 'Eta Streams', contactName: 'Ada Lovelace' }),
      await apply(video, { companyName: 'Theta 100% Video_Co' }),
    ];
    await moveTo(editor, made[0]?.reference as string, 'IN_REVIEW');
    const list = async (filter: Record<string, unknown>, first?: number, after?: string) => {
      const { body } = await editor.graphql<{
        applications: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: Array<{ node: { companyName: string } }>;
        };
      }>(
        `query ($filter: ApplicationFilter, $first: Int, $after: String) {
          applications(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { companyName } } }
        }`,
        { filter, first, after },
      );
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return { ...body.data.applications, names: body.data.applications.edges.map(({ node }) => node.companyName) };
    };
    expect((await list({ programId: video })).names).toEqual(['Theta 100% Video_Co', 'Eta Streams', 'Zeta Video']);
    expect((await list({ programId: video, status: ['SUBMITTED'] })).names).toEqual(['Theta 100% Video_Co', 'Eta Streams']);
    expect((await list({ search: 'zeta.EXAMPLE' })).names).toEqual(['Zeta Video']);
    expect((await list({ search: 'lovelace' })).names).toEqual(['Eta Streams']);
    expect((await list({ search: '100%' })).names).toEqual(['Theta 100% Video_Co']);
    expect((await list({ search: '_co' })).names).toEqual(['Theta 100% Video_Co']);
    expect((await list({ search: made[1]?.reference.toLowerCase() })).names).toEqual(['Eta Streams']);
    const page = await list({ programId: video }, 2);
    expect(page).toMatchObject({ totalCount: 3, names: ['Theta 100% Video_Co', 'Eta Streams'], pageInfo: { hasNextPage: true } });
    expect((await list({ programId: video }, 2, page.pageInfo.endCursor)).names).toEqual(['Zeta Video']);

    const { body } = await editor.graphql(`query ($id: ID!) { application(id: $id) { id } node(id: $id) { id } }`, {
      id: (await applicationOf(editor, made[0]?.reference as string)).id,
    });
    expect(body.data).toEqual({ application: { id: expect.any(String) }, node: null });
    const unknown = await editor.graphql(
      `{ application(id: "QXBwbGljYXRpb246OTk5OTk") { id } other: application(id: "x") { id } }`,
    );
    expect(unknown.body.data).toEqual({ application: null, other: null });
  });
});
