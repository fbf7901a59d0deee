import { describe, expect, it } from 'vitest';
import { KNOWN_REQUIREMENT_IDS } from '../how-to-join.js';
import {
  editPage,
  PAGE_FIXTURES,
  pageWithRows,
  readExpectedPrograms,
  readFixture,
  SEED_PAGE,
  tableRow,
} from '../test-fixtures/how-to-join-pages.js';
import { PageParseError, parseHowToJoinPage } from './parse-how-to-join.js';

const seed = readFixture(SEED_PAGE);

const TEKVIZION = '<a href="http://www.tekvizion.com/premier-tenants/microsoft">Tekvizion</a>';

/** The first program of a page made of the given rows. */
function programOf(...cells: string[]) {
  return parseHowToJoinPage(pageWithRows(tableRow(...cells))).programs[0];
}

/** The error thrown by parsing `source`; fails the test if there is none. */
function parseError(source: string): PageParseError {
  try {
    parseHowToJoinPage(source);
  } catch (error) {
    if (error instanceof PageParseError) return error;
    throw error;
  }
  throw new Error('expected a PageParseError');
}

describe('parseHowToJoinPage on the real versions of the page', () => {
  it.each(PAGE_FIXTURES)('reads the table of %s exactly as read by hand', (page) => {
    expect(parseHowToJoinPage(readFixture(page)).programs).toStrictEqual(readExpectedPrograms(page));
  });

  it.each(PAGE_FIXTURES)('reads the same texts from %s as from the current page', (page) => {
    const { programs: _, ...texts } = parseHowToJoinPage(readFixture(page));
    const { programs: __, ...seedTexts } = parseHowToJoinPage(seed);
    expect(texts).toStrictEqual(seedTexts);
  });
});

describe('parseHowToJoinPage on the current page', () => {
  const content = parseHowToJoinPage(seed);

  it('reads the front matter', () => {
    expect(content.title).toBe('Skype for Business certification program - How to Join');
    expect(content.description).toBe(
      'Information on how to join the Skype for Business Certification Program and the available programs.',
    );
    expect(content.publishedAt).toBeNull();
  });

  it('reads the page date from ms.date, as written on docs pages', () => {
    const dated = editPage(seed, 'ms.topic: article', 'ms.topic: article\nms.date: 03/01/2027');
    expect(parseHowToJoinPage(dated).publishedAt).toBe('2027-03-01T00:00:00.000Z');
  });

  it('gives the six requirements their known ids, in page order', () => {
    expect(content.requirements.map(({ id }) => id)).toStrictEqual(KNOWN_REQUIREMENT_IDS);
    expect(content.requirements.map(({ position }) => position)).toStrictEqual([1, 2, 3, 4, 5, 6]);
    expect(content.requirements[4]).toStrictEqual({
      id: 'testing-fees-and-trials',
      text: 'Commitment to pay testing fees* and support customer trials as required by the program',
      position: 5,
    });
  });

  it('reads three steps numbered 1 to 3 although the page numbers them 1. 2. 1.', () => {
    expect(content.admissionSteps).toStrictEqual([
      {
        position: 1,
        text: 'Confirm that the program that you are seeking to join is seeking new partners by reviewing the table below.',
      },
      {
        position: 2,
        text:
          'Email the alias listed in the table. You must clearly indicate which program you are seeking to join. ' +
          'Responses will be assessed and if further information is needed, candidates will be contacted for a ' +
          'more comprehensive discussion under NDA.\n\n' +
          'Vendors that meet the full requirements for the program will be provided detailed program information ' +
          '(specifications and policies), provided there is capacity in the program at the time. Program Terms ' +
          'and Conditions will be made available for acceptance when these requirements are fulfilled.',
      },
      {
        position: 3,
        text:
          'Sign the terms and agreements.\n\n' +
          'Signing the terms and agreements completes the partner onboarding process and allows the partner to ' +
          'submit products for testing and certification according to the program guidelines.',
      },
    ]);
  });

  it('reads the two notes in page order', () => {
    expect(content.notes.map(({ id, position }) => ({ id, position }))).toStrictEqual([
      { id: 'testing-fees', position: 1 },
      { id: 'independent-labs', position: 2 },
    ]);
    expect(content.notes[0]?.text).toBe(
      'For testing fees payable to independent lab, contact the certification lab from Current Programs table for more information.',
    );
    expect(content.notes[1]?.text).toMatch(/^Test labs are independent companies .* any Microsoft material\.$/);
  });
});

describe('parseHowToJoinPage on Markdown sections', () => {
  it('gives an unknown requirement the slug of its first six words, never a known id', () => {
    const source = editPage(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A')),
      '- A proven',
      '- Proven record\n- Usage data\n- A  NEW requirement, on   two\n  lines about something else\n- A proven',
    );
    expect(parseHowToJoinPage(source).requirements).toStrictEqual([
      { id: 'proven-record-2', text: 'Proven record', position: 1 },
      { id: 'usage-data-2', text: 'Usage data', position: 2 },
      {
        id: 'a-new-requirement-on-two-lines',
        text: 'A NEW requirement, on two lines about something else',
        position: 3,
      },
      {
        id: 'proven-record',
        text: 'A proven record of developing and marketing enterprise grade and industry leading communications products',
        position: 4,
      },
    ]);
  });

  it('matches known requirements ignoring case and spacing', () => {
    const source = editPage(
      seed,
      '- Evidence of ability to achieve the technical requirements of the program',
      '- evidence of ability  to achieve the TECHNICAL requirements of the program.',
    );
    expect(parseHowToJoinPage(source).requirements[1]?.id).toBe('technical-ability');
  });

  it('reads "Note:" paragraphs as notes and slugs notes it does not know', () => {
    const source = editPage(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A')),
      '<table>',
      '**Note:** Labs may charge &amp; invoice separately.\n\n> [!NOTE]\n> Testing fees are paid to labs.\n>\n> Ask them.\n\n<table>',
    );
    expect(parseHowToJoinPage(source).notes).toStrictEqual([
      { id: 'labs-may-charge-and-invoice-separately', text: 'Labs may charge & invoice separately.', position: 1 },
      { id: 'testing-fees', text: 'Testing fees are paid to labs.\n\nAsk them.', position: 2 },
    ]);
  });

  it('decodes entities and drops <br> variants and emphasis in steps', () => {
    const source = editPage(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A')),
      '2. Email the alias.',
      '3. Email&nbsp;the *alias*&nbsp;&amp; wait.<br>Then __sign__.</br>\n   Read [the terms](terms.md).',
    );
    expect(parseHowToJoinPage(source).admissionSteps[1]).toStrictEqual({
      position: 2,
      text: 'Email the alias & wait.\n\nThen sign.\n\nRead [the terms](terms.md).',
    });
  });

  it('rejects a page without a requirements list', () => {
    const source = editPage(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A')),
      '- A proven',
      'A proven',
    );
    expect(parseError(source)).toMatchObject({ section: 'requirements', row: null, cell: null });
  });

  it('rejects a page without admission steps', () => {
    const source = editPage(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A')),
      '1. Confirm that the program is seeking partners.\n2. Email the alias.',
      'Confirm that the program is seeking partners.',
    );
    const error = parseError(source);
    expect(error.section).toBe('admission steps');
    expect(error.message).toBe('Admission steps: no numbered list of admission steps found');
  });

  it.each([
    ['no front matter', (page: string) => page.replace(/^---\n[\s\S]*?\n---\n/, '')],
    ['unclosed front matter', (page: string) => page.replace('---\n# How', '# How')],
    ['invalid YAML', (page: string) => page.replace('title: Test page', 'title: [Test')],
    ['no title', (page: string) => page.replace('title: Test page', 'author: someone')],
    ['an empty title', (page: string) => page.replace('title: Test page', 'title: " "')],
    ['a title that is no text', (page: string) => page.replace('title: Test page', 'title: [1, 2]')],
    ['an ms.date that is no day', (page: string) => page.replace('title: Test page', 'title: Test page\nms.date: 02/30/2018')],
  ])('rejects %s', (_, edit) => {
    const page = pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A'));
    const edited = edit(page);
    expect(edited).not.toBe(page);
    expect(parseError(edited).section).toBe('front matter');
  });
});

describe('parseHowToJoinPage on the programs table', () => {
  describe('a contact address beside the status', () => {
    const status = (cell: string) => programOf('Devices', 'IP Phones', cell, 'Spec', 'N/A');

    it.each([
      ['a mailto link', 'Seeking partners <a href="mailto:phones@contoso.com">phones@contoso.com</a>'],
      [
        'a mailto link with a subject and its own words',
        'Seeking partners: <a href="mailto:phones@contoso.com?subject=Join">email the team</a>',
      ],
      ['a Markdown mailto link', 'Seeking partners ([contact](mailto:phones@contoso.com))'],
      ['a bare address in parentheses', 'Seeking partners (phones@contoso.com)'],
      ['an address before the status', 'Contact phones@contoso.com – Seeking partners'],
      ['a line break between', 'Seeking partners<br/>Email: phones@contoso.com'],
    ])('keeps the status and stores the address: %s', (_, cell) => {
      expect(status(cell)).toMatchObject({ admissionStatus: 'SEEKING_PARTNERS', admissionContact: 'phones@contoso.com' });
    });

    it('leaves the contact out when the row gives none', () => {
      expect(status('Seeking partners')).not.toHaveProperty('admissionContact');
    });

    it('still refuses what it cannot read beside an address, naming the cell', () => {
      const location = (cell: string) => {
        try {
          status(cell);
        } catch (error) {
          if (error instanceof PageParseError) return error;
        }
        throw new Error('expected a PageParseError');
      };
      expect(location('Seeking partners soon <a href="mailto:a@contoso.com">a</a>').message).toMatch(
        /Partner Admission Information.*unknown status "Seeking partners soon"/,
      );
      expect(location('Seeking partners a@contoso.com b@contoso.com').message).toMatch(/2 contact addresses/);
      expect(location('Seeking partners <a href="mailto:not-an-address">x</a>').message).toMatch(
        /does not give one email address/,
      );
      expect(location('Seeking partners <a href="https://contoso.com">contoso</a>').message).toMatch(/unknown status/);
    });
  });

  it('names the row, the program and the cell of an unknown status', () => {
    const source = editPage(
      seed,
      '<td>Gateway</td>\n\t\t\t<td style="text-align:center" valign="middle">Not seeking partners</td>',
      '<td>Gateway</td>\n\t\t\t<td>Maybe <strong>later</strong></td>',
    );
    const error = parseError(source);
    expect(error).toMatchObject({ section: 'table', row: 7, cell: 'Partner Admission Information' });
    expect(error.message).toBe('Row 7 (Gateway), cell "Partner Admission Information": unknown status "Maybe later"');
  });

  it('rejects a row missing a cell', () => {
    const error = parseError(
      pageWithRows(
        tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A'),
        tableRow('Devices', 'PCs', 'Seeking partners', 'Spec'),
      ),
    );
    expect(error).toMatchObject({ section: 'table', row: 3, cell: 'Certification Labs', programName: 'PCs' });
    expect(error.message).toMatch(/^Row 3 \(PCs\), cell "Certification Labs": missing cell: the row has 4 cells where 5/);
  });

  it('counts cells spanning from rows above when checking a row', () => {
    const error = parseError(
      pageWithRows(
        '<tr><td rowspan="2">Devices</td><td>IP Phones</td><td>Seeking partners</td><td>Spec</td><td>N/A</td></tr>',
        tableRow('Devices', 'PCs', 'Seeking partners', 'Spec', 'N/A'),
      ),
    );
    // Laid out as a browser would: the row's first cell lands in the name column.
    expect(error.message).toMatch(/^Row 3 \(Devices\): too many cells: the row has 5 cells where 4 are expected/);
    expect(error.cell).toBeNull();
  });

  it('rejects a row with too many cells', () => {
    const error = parseError(pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A', 'Extra')));
    expect(error).toMatchObject({ section: 'table', row: 2, cell: null });
    expect(error.message).toMatch(/^Row 2 \(IP Phones\): too many cells/);
  });

  it('rejects a cell spanning columns', () => {
    const error = parseError(
      pageWithRows('<tr><td>Devices</td><td>IP Phones</td><td>Seeking partners</td><td colspan="2">Spec</td></tr>'),
    );
    expect(error.message).toBe('Row 2 (IP Phones): cells spanning columns (colspan) are not supported');
  });

  it('rejects an empty cell, <p><br /></p> and entities counting as empty', () => {
    const error = parseError(pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', '<p><br /></p>&nbsp;', 'N/A')));
    expect(error.message).toBe('Row 2 (IP Phones), cell "Relevant Specs": the cell is empty');
  });

  it('rejects a page without a table', () => {
    const source = pageWithRows().replace(/<table>[\s\S]*<\/table>/, '');
    expect(parseError(source)).toMatchObject({ section: 'table', row: null });
  });

  it('rejects a table with only its header', () => {
    expect(parseError(pageWithRows()).message).toBe('Table: the table lists no programs');
  });

  it('rejects a table whose header does not look like the programs table', () => {
    const source = editPage(pageWithRows(tableRow('a', 'b', 'Seeking partners', 'd', 'N/A')), 'Relevant Specs', 'Price');
    expect(parseError(source)).toMatchObject({ row: 1, cell: 'Relevant Specs' });
  });

  it('rejects two programs with the same name', () => {
    const error = parseError(
      pageWithRows(
        tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', 'N/A'),
        tableRow('Video', 'IP  phones', 'Seeking partners', 'Spec', 'N/A'),
      ),
    );
    expect(error.message).toBe('Row 3 (IP phones), cell "Program Name": duplicate program name (row 2 has the same name)');
  });

  it('rejects a cell both listing labs and saying there are none', () => {
    const error = parseError(
      pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', 'Spec', `N/A<p>${TEKVIZION}</p>`)),
    );
    expect(error.message).toBe('Row 2 (IP Phones), cell "Certification Labs": lists labs and also says "N/A"');
  });

  it('decodes entities and reads the status phrases the page has used', () => {
    expect(programOf('Audio &amp;&nbsp;Video', 'Headsets&nbsp;', 'Seeking&nbsp;new partners', 'Spec', 'N/A')).toMatchObject({
      category: 'Audio & Video',
      name: 'Headsets',
      admissionStatus: 'SEEKING_PARTNERS',
    });
    expect(
      programOf('Services', 'SIP', 'No admission review required:<br/>contact labs for testing.', 'Spec', 'N/A'),
    ).toMatchObject({ admissionStatus: 'NO_ADMISSION_REVIEW' });
  });

  it('reads a Markdown link written inside a cell as a link', () => {
    const program = programOf(
      'Devices',
      'PCs',
      'Not seeking partners',
      '[PC specs](test-spec.md)</a> and [Audio specs](https://example.com/audio "Audio")',
      'Coming<br />Soon',
    );
    expect(program).toMatchObject({
      specs: [
        { title: 'PC specs', url: 'test-spec.md' },
        { title: 'and', url: null },
        { title: 'Audio specs', url: 'https://example.com/audio' },
      ],
      specAvailability: null,
      labs: [],
      labAvailability: 'COMING_SOON',
    });
  });

  it('keeps http, https, mailto and relative links', () => {
    const program = programOf(
      'Devices',
      'PCs',
      'Not seeking partners',
      '<a href="test-spec.md">Spec</a> [Audio](https://example.com/audio)',
      '<a href="mailto:lab@example.com">Lab by email</a> <a href="http://lab.example">Lab</a>',
    );
    expect(program?.specs.map(({ url }) => url)).toEqual(['test-spec.md', 'https://example.com/audio']);
    expect(program?.labs.map(({ url }) => url)).toEqual(['mailto:lab@example.com', 'http://lab.example']);
  });

  it.each([
    ['an HTML javascript: link', 'Relevant Specs', '<a href="javascript:alert(1)">Spec</a>', 'N/A', 'javascript:alert(1)'],
    [
      'an entity-spelt JavaScript: link',
      'Relevant Specs',
      '<a href="Java&#x09;Script:alert(1)">Spec</a>',
      'N/A',
      'Java\tScript:alert(1)',
    ],
    ['a Markdown data: link', 'Certification Labs', 'Spec', '[Lab](data:text/html,x)', 'data:text/html,x'],
    ['a file: link', 'Certification Labs', 'Spec', '<a href="file:///etc/passwd">Lab</a>', 'file:///etc/passwd'],
    ['a vbscript: link', 'Certification Labs', 'Spec', '<a href="vbscript:msgbox(1)">Lab</a>', 'vbscript:msgbox(1)'],
  ])('refuses %s, naming the row and the cell', (_, cell, specs, labs, href) => {
    const error = parseError(pageWithRows(tableRow('Devices', 'IP Phones', 'Seeking partners', specs, labs)));
    expect(error).toMatchObject({ section: 'table', row: 2, cell, programName: 'IP Phones' });
    expect(error.message).toMatch(/^Row 2 \(IP Phones\), cell "[^"]+": the link "[^"]+" goes to "/);
    expect(JSON.stringify(error.problem)).toContain(JSON.stringify(href).slice(1, -1));
    expect(error.problem).toContain('only an http://, https:// or mailto: address or a relative link is taken');
  });

  it('reads plain text as links without an address and skips empty paragraphs', () => {
    const program = programOf(
      'Devices',
      'PCs',
      'Not seeking partners',
      '<p>Spec sheet</p><p><br /></p><p><a href=" https://example.com/spec ">Spec</a></p>',
      `<p>${TEKVIZION}</p>\n\t<p><br /></p>\n\t<p>Contoso&nbsp;Labs</p>`,
    );
    expect(program).toMatchObject({
      specs: [
        { title: 'Spec sheet', url: null },
        { title: 'Spec', url: 'https://example.com/spec' },
      ],
      labs: [
        { name: 'Tekvizion', url: 'http://www.tekvizion.com/premier-tenants/microsoft' },
        { name: 'Contoso Labs', url: null },
      ],
      labAvailability: null,
    });
  });

  it('carries rowspans down into rows that start mid-block', () => {
    const programs = parseHowToJoinPage(seed).programs;
    const meetingRooms = programs.find(({ name }) => name === 'Meeting Room Devices and Solutions');
    expect(meetingRooms?.labs.map(({ name }) => name)).toStrictEqual(['AST', 'PAL']);
  });
});
