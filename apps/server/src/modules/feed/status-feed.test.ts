import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe('status feeds', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const feed = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await response.text();
    return { xml, parsed: parseFeed(xml) };
  };

  it('is valid Atom listing status changes newest first, with ids that never change', async () => {
    const before = await feed('/feeds/status.atom');
    expect(before.parsed.meta.type).toBe('atom');
    expect(before.parsed.items).toHaveLength(16);

    const editor = await server.signIn('EDITOR');
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "contact-center") { id version } }`,
    );
    await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      {
        input: { programId: body.data?.program.id, status: 'SEEKING_PARTNERS', expectedVersion: body.data?.program.version },
      },
    );

    const after = await feed('/feeds/status.atom');
    expect(after.parsed.items).toHaveLength(17);
    const [newest] = after.parsed.items;
    expect(newest?.title).toBe('Contact Center: Seeking partners');
    expect(newest?.url).toBe(`${server.url}/programs/contact-center`);
    expect(newest?.description).toMatch(/went from "Not seeking partners" to "Seeking partners"/);
    // Entries already published keep their ids, so readers do not show them again.
    const ids = (items: typeof after.parsed.items) => items.map((item) => item.id);
    expect(ids(after.parsed.items).slice(1)).toEqual(ids(before.parsed.items));
    expect(new Set(ids(after.parsed.items)).size).toBe(17);
  });

  it('has the same feeds in German, in the words of the domain, linking to the German pages', async () => {
    const german = await feed('/de/feeds/status.atom');
    expect(german.parsed.title).toBe('CertHub: Statusänderungen der Zertifizierungsprogramme');
    expect(german.parsed.items.map((item) => item.title)).toContain(
      'SIP Trunks: Keine Aufnahmeprüfung nötig: für Tests an die Labore wenden',
    );
    const [newest] = german.parsed.items;
    expect(newest?.url).toMatch(new RegExp(`^${server.url}/de/programs/`));
    expect(newest?.description).toMatch(/wechselte von „.+“ zu „.+“\.|wurde als „.+“ aufgenommen\./);
    const english = await feed('/feeds/status.atom');
    expect(german.parsed.items.map((item) => item.id)).not.toContain(english.parsed.items[0]?.id);

    const isv = await feed('/de/feeds/categories/isv/status.atom');
    expect(isv.parsed.title).toBe('CertHub: Statusänderungen der Programme in ISV');
    expect((await fetch(`${server.url}/de/feeds/categories/nope/status.atom`)).status).toBe(404);
  });

  it('has one feed per category, and a 404 for an unknown one', async () => {
    const isv = await feed('/feeds/categories/isv/status.atom');
    expect(isv.parsed.title).toMatch(/ISV/);
    expect(isv.parsed.items.map((item) => item.title).sort()).toEqual([
      'Attendant Console: Not seeking partners',
      'Call Recording and Compliance: Not seeking partners',
      'Contact Center: Not seeking partners',
      'Contact Center: Seeking partners',
    ]);
    expect((await fetch(`${server.url}/feeds/categories/nope/status.atom`)).status).toBe(404);
  });

  it('answers a reader that polls with 304 until a change, and the new feed then', async () => {
    const first = await fetch(`${server.url}/feeds/categories/devices/status.atom`);
    const etag = first.headers.get('etag') as string;
    // Of the bytes, and of the coding they were sent in (fetch asks for gzip).
    expect(etag).toMatch(/^"[\w-]{32}\.gzip"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    await first.text();
    const poll = () => fetch(`${server.url}/feeds/categories/devices/status.atom`, { headers: { 'if-none-match': etag } });
    const unchanged = await poll();
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    const editor = await server.signIn('EDITOR');
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "pcs") { id version } }`,
    );
    const changed = await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: body.data?.program.id, status: 'SEEKING_PARTNERS', expectedVersion: body.data?.program.version } },
    );
    expect(changed.body.errors).toBeUndefined();
    const next = await poll();
    expect(next.status).toBe(200);
    expect(next.headers.get('etag')).not.toBe(etag);
    expect(parseFeed(await next.text()).items[0]?.title).toMatch(/: Seeking partners$/);
  });
});
