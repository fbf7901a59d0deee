import { readdirSync, readFileSync } from 'node:fs';
import { PageParseError } from '@certhub/domain/importer/page-parse-error';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { In } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_VERSIONS_FOLDER, seedPage, withStatus } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramSpecEntity } from '../program/program-spec.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { CatalogImportService } from './catalog-import.service.js';
import { readCatalogSnapshot } from './catalog-snapshot.js';

/** The seed page without one program's row (a row no rowspan reaches into). */
function withoutRow(page: string, programName: string): string {
  const nameCell = page.indexOf(`<td>${programName}</td>`);
  if (nameCell < 0) throw new Error(`no row for ${programName}`);
  const start = page.lastIndexOf('<tr', nameCell);
  const end = page.indexOf('</tr>', nameCell) + '</tr>'.length;
  return page.slice(0, start) + page.slice(end);
}

describe('importing the docs page', () => {
  let db: TestDatabase;
  let importer: CatalogImportService;
  beforeEach(async () => {
    db = await createTestDatabase();
    importer = new CatalogImportService(db.dataSource);
  });
  afterEach(() => db.destroy());

  const program = (slug: string) => db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug });
  const auditCount = () => db.dataSource.getRepository(AuditEventEntity).count();

  it('seeds an empty database and records what it created', async () => {
    const result = await importer.importPage(seedPage);
    expect(result.changes.length).toBeGreaterThan(0);
    expect(result.batchId).not.toBeNull();
    expect(await db.dataSource.getRepository(ProgramEntity).count()).toBe(16);
    expect(await auditCount()).toBe(result.changes.length);
    const events = await db.dataSource.getRepository(AuditEventEntity).find();
    expect(events.every((event) => /^\d+$/.test(event.entityId) || event.entityType === 'HowToJoin')).toBe(true);
    expect(events.every((event) => event.actor === 'import' && event.actorId === null)).toBe(true);
  });

  it('fixes at the next import a docs link stored with the .md the docs site does not serve', async () => {
    await importer.importPage(seedPage);
    const published = 'https://learn.microsoft.com/en-us/skypeforbusiness/certification/test-spec';
    const specs = db.dataSource.getRepository(SpecEntity);
    expect(await specs.countBy({ url: published })).toBe(1);
    await specs.update({ url: published }, { url: `${published}.md` });
    const again = await importer.importPage(seedPage);
    expect(again.changes.map((change) => change.kind)).toContain('specs-changed');
    const pcs = await db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'pcs' });
    const links = await db.dataSource.getRepository(ProgramSpecEntity).findBy({ programId: pcs.id });
    const linked = await specs.findBy({ id: In(links.map(({ specId }) => specId)) });
    expect(linked.map(({ url }) => url)).toStrictEqual([published]);
  });

  it('is idempotent: the same page again changes nothing and records nothing', async () => {
    await importer.importPage(seedPage);
    const before = { audit: await auditCount(), ipPhones: await program('ip-phones') };
    const again = await importer.importPage(seedPage);
    expect(again.changes).toEqual([]);
    expect(again.batchId).toBeNull();
    expect(await auditCount()).toBe(before.audit);
    expect(await program('ip-phones')).toEqual(before.ipPhones);
  });

  it('updates a changed status, bumps the version, and records the change with before and after', async () => {
    await importer.importPage(seedPage);
    const before = await program('ip-phones');
    const result = await importer.importPage(withStatus(seedPage, 'IP Phones', 'Seeking partners'));
    expect(result.changes).toHaveLength(1);
    const after = await program('ip-phones');
    expect(after).toMatchObject({ admissionStatus: 'SEEKING_PARTNERS', version: before.version + 1 });
    expect(after.statusChangedAt.getTime()).toBeGreaterThanOrEqual(before.statusChangedAt.getTime());
    const events = await db.dataSource.getRepository(AuditEventEntity).findBy({ batchId: result.batchId as string });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'import', actorId: null, entityType: 'Program', entityId: String(before.id) });
    expect(JSON.stringify(events[0]?.changes)).toContain('SEEKING_PARTNERS');
    expect(events[0]?.summary).toMatch(/IP Phones/);
    // Nothing else moved.
    expect(await program('pcs')).toMatchObject({ version: 1, admissionStatus: 'NOT_SEEKING_PARTNERS' });
  });

  it('closes a program that left the page, keeps it, and reopens it when it comes back', async () => {
    await importer.importPage(seedPage);
    const closing = await importer.importPage(withoutRow(seedPage, 'Video Infrastructure'));
    expect(closing.changes.map((change) => change.kind)).toContain('program-closed');
    expect(await program('video-infrastructure')).toMatchObject({ admissionStatus: 'CLOSED', version: 2 });
    const snapshot = await readCatalogSnapshot(db.dataSource.manager);
    expect(snapshot.programs.find((row) => row.slug === 'video-infrastructure')).toMatchObject({
      closed: true,
      labAvailability: 'COMING_SOON',
    });

    const reopening = await importer.importPage(seedPage);
    expect(reopening.changes.map((change) => change.kind)).toContain('program-reopened');
    expect(await program('video-infrastructure')).toMatchObject({ admissionStatus: 'NOT_SEEKING_PARTNERS', version: 3 });
  });

  it('writes nothing for a dry run', async () => {
    await importer.importPage(seedPage);
    const audit = await auditCount();
    const dryRun = await importer.importPage(withStatus(seedPage, 'SBC', 'Seeking partners'), { dryRun: true });
    expect(dryRun.changes).toHaveLength(1);
    expect(await program('sbc')).toMatchObject({ admissionStatus: 'NOT_SEEKING_PARTNERS', version: 1 });
    expect(await auditCount()).toBe(audit);
  });

  it('refuses a page it cannot read, naming the row and cell, and writes nothing', async () => {
    await importer.importPage(seedPage);
    const audit = await auditCount();
    const broken = withStatus(seedPage, 'SBA', 'Maybe later');
    const failure = await importer.importPage(broken).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PageParseError);
    expect((failure as PageParseError).message).toMatch(/SBA/);
    expect((failure as PageParseError).message).toMatch(/Maybe later/);
    expect(await program('sba')).toMatchObject({ admissionStatus: 'NOT_SEEKING_PARTNERS', version: 1 });
    expect(await auditCount()).toBe(audit);
  });

  it('follows the real versions of the page one after the other, matching each exactly', async () => {
    const versions = readdirSync(PAGE_VERSIONS_FOLDER)
      .filter((name) => name.startsWith('sfb-') && name.endsWith('.md'))
      .map((name) => readFileSync(new URL(name, PAGE_VERSIONS_FOLDER), 'utf8'));
    expect(versions).toHaveLength(5);
    for (const page of [...versions, seedPage]) {
      await importer.importPage(page);
      const snapshot = await readCatalogSnapshot(db.dataSource.manager);
      const listed = snapshot.programs.filter((row) => !row.closed).map((row) => row.name);
      expect(listed).toEqual(parseHowToJoinPage(page).programs.map((row) => row.name));
      expect((await importer.importPage(page)).changes).toEqual([]);
    }
  });
});
