import { describe, expect, it } from 'vitest';
import { AdmissionStatus } from '../admission-status.js';
import type { HowToJoinContent } from '../catalog.js';
import { editPage, PAGE_FIXTURES, readFixture, SEED_PAGE } from '../test-fixtures/how-to-join-pages.js';
import { type CatalogChange, describeChange, diffCatalog } from './catalog-diff.js';
import { type CatalogSnapshot, snapshotFromContent } from './catalog-snapshot.js';
import { parseHowToJoinPage } from './parse-how-to-join.js';

const seedSource = readFixture(SEED_PAGE);
const seed = parseHowToJoinPage(seedSource);

/** The last row of the table: its cells spanning three rows stop at the table's end anyway. */
const ATTENDANT_CONSOLE_ROW =
  '\t\t<tr align="left" valign="top">\n' +
  '\t\t\t<td>Attendant Console</td>\n' +
  '\t\t\t<td align="center" valign="top">Not seeking partners</td>\n' +
  '\t\t</tr>\n';

const withoutAttendantConsole = parseHowToJoinPage(editPage(seedSource, ATTENDANT_CONSOLE_ROW, ''));

function withClosed(snapshot: CatalogSnapshot, programSlug: string): CatalogSnapshot {
  return {
    ...snapshot,
    programs: snapshot.programs.map((program) => (program.slug === programSlug ? { ...program, closed: true } : program)),
  };
}

function diffFromSeed(next: HowToJoinContent): CatalogChange[] {
  return diffCatalog(snapshotFromContent(seed), next);
}

describe('diffCatalog', () => {
  it.each(PAGE_FIXTURES)('finds nothing to change when importing %s twice', (page) => {
    const content = parseHowToJoinPage(readFixture(page));
    expect(diffCatalog(snapshotFromContent(content), content)).toStrictEqual([]);
  });

  it('finds exactly a status change', () => {
    const next = parseHowToJoinPage(
      editPage(
        seedSource,
        '<td>Gateway</td>\n\t\t\t<td style="text-align:center" valign="middle">Not seeking partners</td>',
        '<td>Gateway</td>\n\t\t\t<td>Seeking new partners</td>',
      ),
    );
    const changes = diffFromSeed(next);
    expect(changes).toStrictEqual([
      {
        kind: 'admission-status-changed',
        programSlug: 'gateway',
        name: 'Gateway',
        from: 'NOT_SEEKING_PARTNERS',
        to: 'SEEKING_PARTNERS',
      },
    ]);
    expect(changes.map(describeChange)).toStrictEqual([
      'Program "Gateway": admission status changed from "Not seeking partners" to "Seeking partners"',
    ]);
  });

  it('sees a contact address the page gives, and keeps the stored one when the page gives none', () => {
    const withContact = (program: HowToJoinContent['programs'][number]) =>
      program.name === 'IP Phones' ? { ...program, admissionContact: 'phones@contoso.com' } : program;
    const next: HowToJoinContent = { ...seed, programs: seed.programs.map(withContact) };
    const changes = diffFromSeed(next);
    expect(changes).toStrictEqual([
      { kind: 'admission-contact-changed', programSlug: 'ip-phones', name: 'IP Phones', from: null, to: 'phones@contoso.com' },
    ]);
    expect(describeChange(changes[0] as CatalogChange)).toBe(
      'Program "IP Phones": admission contact changed from none to phones@contoso.com',
    );
    expect(diffCatalog(snapshotFromContent(next), seed)).toStrictEqual([]);
    expect(diffCatalog(snapshotFromContent(next), next)).toStrictEqual([]);
  });

  it('closes a program whose row was removed, and never deletes it', () => {
    expect(diffFromSeed(withoutAttendantConsole)).toStrictEqual([
      { kind: 'program-closed', programSlug: 'attendant-console', name: 'Attendant Console', from: 'NOT_SEEKING_PARTNERS' },
    ]);
  });

  it('leaves a closed program alone while it stays off the page', () => {
    const closed = withClosed(snapshotFromContent(seed), 'attendant-console');
    expect(diffCatalog(closed, withoutAttendantConsole)).toStrictEqual([]);
  });

  it('reopens a closed program that is back on the page', () => {
    const changes = diffCatalog(withClosed(snapshotFromContent(seed), 'attendant-console'), seed);
    expect(changes).toStrictEqual([
      { kind: 'program-reopened', programSlug: 'attendant-console', name: 'Attendant Console', to: 'NOT_SEEKING_PARTNERS' },
    ]);
  });

  it('also counts a snapshot status of CLOSED as closed', () => {
    const snapshot = snapshotFromContent(seed);
    const closed = {
      ...snapshot,
      programs: snapshot.programs.map((program) =>
        program.slug === 'attendant-console' ? { ...program, admissionStatus: AdmissionStatus.CLOSED } : program,
      ),
    };
    expect(diffCatalog(closed, seed).map(({ kind }) => kind)).toStrictEqual(['program-reopened']);
  });

  it('adds a program from an added row, with its lab', () => {
    const next = parseHowToJoinPage(
      editPage(
        seedSource,
        '\t</table>',
        '<tr><td>ISV</td><td>Analytics</td><td>Seeking partners</td><td>Available on admission to program</td>' +
          '<td><a href="https://labs.example.com">Contoso Labs</a></td></tr>\n\t</table>',
      ),
    );
    expect(diffFromSeed(next)).toStrictEqual([
      { kind: 'lab-added', labSlug: 'contoso-labs', name: 'Contoso Labs', url: 'https://labs.example.com' },
      {
        kind: 'program-added',
        programSlug: 'analytics',
        name: 'Analytics',
        program: {
          category: 'ISV',
          name: 'Analytics',
          admissionStatus: 'SEEKING_PARTNERS',
          specs: [],
          specAvailability: 'ON_ADMISSION',
          labs: [{ name: 'Contoso Labs', url: 'https://labs.example.com' }],
          labAvailability: null,
          slug: 'analytics',
          position: 3,
        },
      },
    ]);
  });

  it('sees only the spec links that changed between two real versions', () => {
    const older = parseHowToJoinPage(readFixture('sfb-5957e46e9b.md'));
    const changes = diffCatalog(snapshotFromContent(older), seed);
    expect(changes.map(({ kind }) => kind)).toStrictEqual(Array(8).fill('specs-changed'));
    expect(changes[0]).toMatchObject({
      programSlug: 'pcs',
      from: [
        {
          title: 'https://technet.microsoft.com/en-us/office/dn788953',
          url: 'https://technet.microsoft.com/en-us/office/dn788953',
        },
      ],
      to: [{ title: 'Skype and Lync test specifications for USB peripherals, PCs, and Lync room systems', url: 'test-spec.md' }],
    });
  });

  it('sees categories renamed and moved, programs moved, and lab changes', () => {
    const next: HowToJoinContent = {
      ...seed,
      programs: seed.programs.map((program) => {
        if (program.category === 'Video') return { ...program, category: 'IT Pro' };
        if (program.name === 'IP Phones') return { ...program, category: 'IT pro', labs: [], labAvailability: 'COMING_SOON' };
        if (program.name === 'PCs') return { ...program, labs: [{ name: 'AST', url: 'https://ast.example.com' }] };
        return program;
      }),
    };
    const described = diffFromSeed(next).map(describeChange);
    expect(described).toStrictEqual([
      'Category "IT Pro" renamed to "IT pro"',
      'Category "IT pro" moved from position 3 to 0',
      'Category "Devices" moved from position 0 to 1',
      'Category "Infrastructure" moved from position 1 to 2',
      'Category "Services" moved from position 2 to 3',
      // "Video" has no program left: it is not listed, and nothing is deleted.
      'Category "ISV" moved from position 5 to 4',
      'Lab "AST": link changed from http://www.asttechlabs.com/ to https://ast.example.com',
      'Program "IP Phones" moved from category "Devices" to "IT pro"',
      'Program "IP Phones": labs changed from ["Tekvizion" (http://www.tekvizion.com/premier-tenants/microsoft), "Wipro" (http://www.taas.wipro.com/user/certifications-and-qualifications-testing/unified-communications-open-interoperability-program-lync-server-rfp.aspx)] to none',
      'Program "IP Phones": lab availability changed from none to "Coming soon"',
      'Program "PCs" moved from position 1 to 0 in its category',
      'Program "PCs": labs changed from ["AST" (http://www.asttechlabs.com/), "PAL" (http://www.pal-acoustics.com/)] to ["AST" (https://ast.example.com)]',
      'Program "USB Audio and Video Devices" moved from position 2 to 1 in its category',
      'Program "Meeting Room Devices and Solutions" moved from position 3 to 2 in its category',
      'Program "Network Pre-Assessment" moved from position 0 to 1 in its category',
      'Program "Migration" moved from position 1 to 2 in its category',
      'Program "Video Infrastructure" moved from category "Video" to "IT Pro"',
      'Program "Video Infrastructure" moved from position 0 to 3 in its category',
    ]);
  });

  it('sees a lab renamed alone (the same slug): the lab itself, then each program that lists it', () => {
    const changes = diffFromSeed(parseHowToJoinPage(seedSource.replaceAll('>Tekvizion</a>', '>TekVizion</a>')));
    const [renamed, ...others] = changes;
    expect(renamed).toStrictEqual({ kind: 'lab-renamed', labSlug: 'tekvizion', from: 'Tekvizion', to: 'TekVizion' });
    expect(renamed && describeChange(renamed)).toBe('Lab "Tekvizion" renamed to "TekVizion"');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((change) => change.kind === 'labs-changed')).toBe(true);
  });

  it('sees changed requirements, steps and notes', () => {
    const next: HowToJoinContent = {
      ...seed,
      requirements: [
        ...seed.requirements.slice(1).map((requirement) => ({ ...requirement, position: requirement.position - 1 })),
        { id: 'new-one', text: 'New one', position: 6 },
      ],
      admissionSteps: seed.admissionSteps.map((step) => (step.position === 2 ? { ...step, text: 'Email us.' } : step)),
      notes: seed.notes.slice(0, 1),
    };
    expect(diffFromSeed(next).map(describeChange)).toStrictEqual([
      'Requirements changed: added "new-one"; removed "proven-record"; reordered "technical-ability", "global-support", "premier-support", "testing-fees-and-trials", "usage-data"',
      'Admission steps changed: reworded step 2',
      'Notes changed: removed "independent-labs"',
    ]);
  });
});
