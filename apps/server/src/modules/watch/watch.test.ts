import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationEntity } from '../../platform/notification/notification.entity.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { importSeed, seedPage } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { CatalogImportService } from '../catalog-import/catalog-import.service.js';
import { ProgramWatchEntity } from './program-watch.entity.js';

const WATCH = `mutation ($input: WatchProgramInput!) { watchProgram(input: $input) }`;
const CONFIRM = `mutation ($token: String!) { confirmProgramWatch(token: $token) { slug } }`;
const UNSUBSCRIBE = `mutation ($token: String!) { unsubscribeProgramWatch(token: $token) { slug } }`;
const tokenIn = (body: string, path: string) => body.match(new RegExp(`${path}\\?token=([\\w-]+)`))?.[1] ?? '';
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;

describe('watching a program', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const program = async (slug: string) =>
    (await server.graphql<{ program: { id: string; version: number } }>(`{ program(slug: "${slug}") { id version } }`)).body.data
      ?.program as { id: string; version: number };
  const messagesTo = (recipient: string) =>
    server.db.dataSource.getRepository(NotificationEntity).find({ where: { recipient }, order: { id: 'ASC' } });
  const setStatus = async (slug: string, status: string) => {
    const { id, version } = await program(slug);
    const { body } = await editor.graphql(SET_STATUS, { input: { programId: id, status, expectedVersion: version } });
    expect(body.errors).toBeUndefined();
  };

  it('confirms by a link first, then tells of the program starting to seek partners, with one-click unsubscribe', async () => {
    const pcs = await program('pcs');
    const { body } = await server.graphql(WATCH, { input: { programId: pcs.id, email: ' Vendor@Example.com ' } });
    expect(body.data).toEqual({ watchProgram: true });
    const [confirmation] = await messagesTo('vendor@example.com');
    expect(confirmation).toMatchObject({ kind: 'watch-confirm', audience: 'WATCHER', subject: 'Confirm: news of PCs' });
    expect(confirmation?.body).toContain('{{PUBLIC_URL}}/watch/confirm?token=');

    // Nothing is sent before confirmation.
    await setStatus('pcs', 'SEEKING_PARTNERS');
    expect(await messagesTo('vendor@example.com')).toHaveLength(1);
    await setStatus('pcs', 'NOT_SEEKING_PARTNERS');

    const confirmed = await server.graphql(CONFIRM, { token: tokenIn(confirmation?.body ?? '', '/watch/confirm') });
    expect(confirmed.body.data).toEqual({ confirmProgramWatch: { slug: 'pcs' } });
    expect((await server.graphql(CONFIRM, { token: tokenIn(confirmation?.body ?? '', '/watch/confirm') })).body.data).toEqual({
      confirmProgramWatch: null,
    });

    await setStatus('pcs', 'NO_ADMISSION_REVIEW'); // Not what this watcher waits for.
    await setStatus('pcs', 'SEEKING_PARTNERS');
    const news = (await messagesTo('vendor@example.com')).filter((message) => message.kind === 'watch-status-changed');
    expect(news).toHaveLength(1);
    expect(news[0]).toMatchObject({ subject: 'PCs: Seeking partners' });
    expect(news[0]?.body).toContain('{{PUBLIC_URL}}/programs/pcs');

    const gone = await server.graphql(UNSUBSCRIBE, { token: tokenIn(news[0]?.body ?? '', '/watch/unsubscribe') });
    expect(gone.body.data).toEqual({ unsubscribeProgramWatch: { slug: 'pcs' } });
    expect(await server.db.dataSource.getRepository(ProgramWatchEntity).countBy({ email: 'vendor@example.com' })).toBe(0);
    await setStatus('pcs', 'NOT_SEEKING_PARTNERS');
    await setStatus('pcs', 'SEEKING_PARTNERS');
    expect((await messagesTo('vendor@example.com')).filter((message) => message.kind === 'watch-status-changed')).toHaveLength(1);
  });

  it('tells those watching every change of changes made by an import too', async () => {
    const sba = await program('sba');
    await server.graphql(WATCH, { input: { programId: sba.id, email: 'all@example.com', trigger: 'ANY_STATUS_CHANGE' } });
    const [confirmation] = await messagesTo('all@example.com');
    await server.graphql(CONFIRM, { token: tokenIn(confirmation?.body ?? '', '/watch/confirm') });
    const page = seedPage.replace(
      /(<td>SBA<\/td>\s*<td[^>]*>)Not seeking partners/,
      '$1No admission review required: Contact labs for testing',
    );
    await new CatalogImportService(server.db.dataSource).importPage(page);
    const news = (await messagesTo('all@example.com')).filter((message) => message.kind === 'watch-status-changed');
    expect(news.map((message) => message.subject)).toEqual(['SBA: No admission review required: contact labs for testing']);
  });

  it('answers the same for an address already watching, and never shows who watches', async () => {
    const lb = await program('load-balancer');
    const first = await server.graphql(WATCH, { input: { programId: lb.id, email: 'twice@example.com' } });
    const second = await server.graphql(WATCH, { input: { programId: lb.id, email: 'twice@example.com' } });
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.errors).toBeUndefined();
    expect(await server.db.dataSource.getRepository(ProgramWatchEntity).countBy({ email: 'twice@example.com' })).toBe(1);
    const everything = await Promise.all([
      fetch(`${server.url}/export/catalogue.json`).then((response) => response.text()),
      fetch(`${server.url}/feeds/status.atom`).then((response) => response.text()),
      server
        .graphql(`{ changes(first: 500) { changes { summary changes { from to } } } }`)
        .then(({ body }) => JSON.stringify(body)),
    ]);
    for (const text of everything) expect(text).not.toMatch(/@example\.com/);
  });

  it('never changes a confirmed watch without its owner: another sign-up only tells the owner, with a way out', async () => {
    const gateway = await program('gateway');
    await server.graphql(WATCH, { input: { programId: gateway.id, email: 'owner@example.com', trigger: 'STARTS_SEEKING' } });
    const [confirmation] = await messagesTo('owner@example.com');
    await server.graphql(CONFIRM, { token: tokenIn(confirmation?.body ?? '', '/watch/confirm') });
    const watches = server.db.dataSource.getRepository(ProgramWatchEntity);
    const before = await watches.findOneByOrFail({ email: 'owner@example.com' });

    const again = await server.graphql(WATCH, {
      input: { programId: gateway.id, email: 'OWNER@example.com', trigger: 'ANY_STATUS_CHANGE' },
    });
    // The answer a new address gets.
    expect(again.body).toEqual({ data: { watchProgram: true } });
    const after = await watches.findOneByOrFail({ email: 'owner@example.com' });
    expect(after).toMatchObject({
      trigger: 'STARTS_SEEKING',
      confirmedAt: before.confirmedAt,
      confirmTokenHash: before.confirmTokenHash,
    });
    const [, notice, ...more] = await messagesTo('owner@example.com');
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ kind: 'watch-already-confirmed', subject: 'You are watching Gateway' });
    expect(notice?.body).toContain('(when it starts seeking partners), and nothing has changed');
    expect(notice?.body).not.toContain('/watch/confirm');
    // The way out in it works.
    const gone = await server.graphql(UNSUBSCRIBE, { token: tokenIn(notice?.body ?? '', '/watch/unsubscribe') });
    expect(gone.body.data).toEqual({ unsubscribeProgramWatch: { slug: 'gateway' } });
  });

  it('writes to a watcher in the language of the page they signed up on, English when the API names none', async () => {
    const sbc = await program('sbc');
    await server.graphql(WATCH, { input: { programId: sbc.id, email: 'leser@example.com', locale: 'de' } });
    await server.graphql(WATCH, { input: { programId: sbc.id, email: 'reader@example.com' } });
    const watches = server.db.dataSource.getRepository(ProgramWatchEntity);
    expect((await watches.findOneByOrFail({ email: 'leser@example.com' })).locale).toBe('de');
    expect((await watches.findOneByOrFail({ email: 'reader@example.com' })).locale).toBe('en');

    const [confirmation] = await messagesTo('leser@example.com');
    expect(confirmation).toMatchObject({ kind: 'watch-confirm', subject: 'Bitte bestätigen: Nachrichten zu SBC' });
    expect(confirmation?.body).toContain('Jemand, hoffentlich Sie, möchte über SBC informiert werden (sobald es Partner sucht).');
    expect(confirmation?.body).toContain('{{PUBLIC_URL}}/de/watch/confirm?token=');
    const [english] = await messagesTo('reader@example.com');
    expect(english).toMatchObject({ subject: 'Confirm: news of SBC' });
    expect(english?.body).toContain('{{PUBLIC_URL}}/watch/confirm?token=');
    for (const message of [confirmation, english])
      await server.graphql(CONFIRM, { token: tokenIn(message?.body ?? '', '/watch/confirm') });

    await setStatus('sbc', 'SEEKING_PARTNERS');
    const [news] = (await messagesTo('leser@example.com')).filter((message) => message.kind === 'watch-status-changed');
    expect(news).toMatchObject({ subject: 'SBC: Partner gesucht' });
    expect(news?.body).toContain('SBC ist jetzt: Partner gesucht (vorher: Keine Partner gesucht).');
    expect(news?.body).toContain('Zum Programm: {{PUBLIC_URL}}/de/programs/sbc');
    expect(news?.body).toContain('Diese Nachrichten mit einem Klick abbestellen: {{PUBLIC_URL}}/de/watch/unsubscribe?token=');
    const [englishNews] = (await messagesTo('reader@example.com')).filter((message) => message.kind === 'watch-status-changed');
    expect(englishNews).toMatchObject({ subject: 'SBC: Seeking partners' });
    expect(englishNews?.body).toContain('See the program: {{PUBLIC_URL}}/programs/sbc');

    // Asked again on an English page: told in English; the watch keeps its language.
    await server.graphql(WATCH, { input: { programId: sbc.id, email: 'leser@example.com', locale: 'en' } });
    const notice = (await messagesTo('leser@example.com')).find((message) => message.kind === 'watch-already-confirmed');
    expect(notice).toMatchObject({ subject: 'You are watching SBC' });
    expect((await watches.findOneByOrFail({ email: 'leser@example.com' })).locale).toBe('de');

    const unknown = await server.graphql(WATCH, { input: { programId: sbc.id, email: 'x@example.com', locale: 'fr' } });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.locale' });
    expect(await messagesTo('x@example.com')).toEqual([]);
  });

  it('refuses a bad address, an unknown program, and unknown links', async () => {
    const gateway = await program('gateway');
    const bad = await server.graphql(WATCH, { input: { programId: gateway.id, email: 'nope' } });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const unknown = await server.graphql(WATCH, { input: { programId: 'bogus', email: 'a@example.com' } });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.graphql(UNSUBSCRIBE, { token: 'bogus' })).body.data).toEqual({ unsubscribeProgramWatch: null });
  });
});

describe('emails to one address', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `certhub-test:${randomUUID()}:`;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    // Two instances sharing their counters through Redis, each with a database of its own.
    const options = {
      services: { session: DEFAULT_SESSION_POLICY, emailsPerRecipientPerDay: 2 },
      redis: { url: REDIS_URL, keyPrefix },
    };
    one = await startTestServer((db) => importSeed(db.dataSource), options);
    two = await startTestServer((db) => importSeed(db.dataSource), options);
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
  });

  const programId = async (server: TestServer, slug: string) =>
    (await server.graphql<{ program: { id: string } }>(`{ program(slug: "${slug}") { id } }`)).body.data?.program.id;
  const messagesTo = (server: TestServer, recipient: string) =>
    server.db.dataSource.getRepository(NotificationEntity).find({ where: { recipient }, order: { id: 'ASC' } });

  it('sends at most the daily cap to one address, across instances, and past it changes nothing and answers as usual', async () => {
    const first = await one.graphql(WATCH, { input: { programId: await programId(one, 'pcs'), email: 'Victim@Example.com' } });
    expect(first.body).toEqual({ data: { watchProgram: true } });
    const second = await two.graphql(WATCH, { input: { programId: await programId(two, 'sbc'), email: 'victim@example.com ' } });
    expect(second.body).toEqual({ data: { watchProgram: true } });
    const [confirmation] = await messagesTo(one, 'victim@example.com');
    expect(confirmation?.kind).toBe('watch-confirm');
    expect(await messagesTo(two, 'victim@example.com')).toHaveLength(1);

    // Past the cap: the same answer; no email, and the pending confirmation keeps its link.
    for (const slug of ['pcs', 'gateway']) {
      const past = await one.graphql(WATCH, {
        input: { programId: await programId(one, slug), email: 'victim@example.com', trigger: 'ANY_STATUS_CHANGE' },
      });
      expect(past.body).toEqual(first.body);
    }
    expect(await messagesTo(one, 'victim@example.com')).toHaveLength(1);
    const rows = await one.db.dataSource.getRepository(ProgramWatchEntity).findBy({ email: 'victim@example.com' });
    expect(rows.map(({ trigger, confirmedAt }) => ({ trigger, confirmedAt }))).toEqual([
      { trigger: 'STARTS_SEEKING', confirmedAt: null },
    ]);
    const confirmed = await one.graphql(CONFIRM, { token: tokenIn(confirmation?.body ?? '', '/watch/confirm') });
    expect(confirmed.body.data).toEqual({ confirmProgramWatch: { slug: 'pcs' } });

    // Another address is not affected.
    await one.graphql(WATCH, { input: { programId: await programId(one, 'gateway'), email: 'someone@example.com' } });
    expect(await messagesTo(one, 'someone@example.com')).toHaveLength(1);
  });
});
