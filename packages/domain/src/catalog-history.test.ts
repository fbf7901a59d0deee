import { describe, expect, it } from 'vitest';
import { AdmissionStatus } from './admission-status.js';
import {
  type CatalogState,
  catalogAsOf,
  catalogChangesBetween,
  type HistoryEvent,
  type HistoryProgram,
  listedCatalog,
  parseHistoryDate,
  programTimeline,
  revertEvents,
} from './catalog-history.js';

const { SEEKING_PARTNERS: SEEKING, NOT_SEEKING_PARTNERS: NOT_SEEKING, CLOSED } = AdmissionStatus;

function program(
  id: string,
  name: string,
  categoryId: string,
  position: number,
  admissionStatus: AdmissionStatus = SEEKING,
): HistoryProgram {
  return {
    id,
    slug: name.toLowerCase(),
    name,
    categoryId,
    position,
    admissionStatus,
    specs: [{ title: 'Spec', url: 'https://example.test/spec' }],
    specAvailability: null,
    labs: [{ name: 'Lab A', url: 'https://a.test/' }],
    labAvailability: null,
    admissionContact: null,
  };
}

/** The catalogue now, after the events below. */
const NOW: CatalogState = {
  categories: [
    { id: '2', slug: 'devices', name: 'Devices', position: 0 },
    { id: '1', slug: 'services', name: 'Services', position: 1 },
  ],
  programs: [
    program('10', 'Phones', '2', 0, NOT_SEEKING),
    program('11', 'Trunks', '1', 0),
    program('12', 'Headsets', '2', 1),
    program('13', 'Old', '1', 1, CLOSED),
  ],
  labs: [{ id: '30', slug: 'lab-a', name: 'Lab A', url: 'https://a.test/' }],
  specs: [{ id: '40', title: 'Spec', url: 'https://example.test/spec' }],
};

const at = (date: string) => new Date(`${date}T00:00:00Z`);

function event(
  id: number,
  date: string,
  entityType: string,
  entityId: string,
  action: string,
  changes: HistoryEvent['changes'],
): HistoryEvent {
  return { id, effectiveAt: at(date), entityType, entityId, action, changes };
}

const EVENTS: HistoryEvent[] = [
  event(1, '2018-06-13', 'Category', '1', 'category-added', null),
  event(2, '2018-06-13', 'Lab', '30', 'lab-added', null),
  event(3, '2018-06-13', 'Program', '10', 'program-added', null),
  event(4, '2018-06-13', 'Program', '11', 'program-added', null),
  event(5, '2018-06-13', 'Program', '13', 'program-added', null),
  event(6, '2018-06-13', 'Category', '2', 'category-added', null),
  // Phones starts in Services, then moves to Devices, first.
  event(7, '2019-01-01', 'Program', '10', 'program-updated', {
    category: { from: 'Services', to: 'Devices' },
    position: { from: 2, to: 0 },
    internalNotes: { from: null, to: 'staff only' },
  }),
  event(8, '2019-01-01', 'Program', '12', 'program-created', { name: { from: null, to: 'Headsets' } }),
  event(9, '2019-06-01', 'Program', '13', 'program-closed', { admissionStatus: { from: NOT_SEEKING, to: CLOSED } }),
  event(10, '2020-01-01', 'Lab', '30', 'lab-updated', { url: { from: 'http://a.test/', to: 'https://a.test/' } }),
  event(11, '2020-01-01', 'Spec', '40', 'spec-updated', { title: { from: 'Old spec', to: 'Spec' } }),
  event(12, '2021-01-01', 'Program', '10', 'admission-status-changed', { admissionStatus: { from: SEEKING, to: NOT_SEEKING } }),
  event(13, '2021-01-01', 'HowToJoin', 'category-order', 'categories-reordered', {
    order: { from: ['Services', 'Devices'], to: ['Devices', 'Services'] },
  }),
];

/** Category slugs with their listed programs' names and statuses, in page order. */
function listing(state: CatalogState) {
  return listedCatalog(state).map(({ category, programs }) => [
    category.slug,
    programs.map(({ name, admissionStatus }) => `${name}:${admissionStatus}`),
  ]);
}

describe('catalogAsOf', () => {
  it('answers the catalogue now when nothing took effect later', () => {
    expect(catalogAsOf(NOW, EVENTS, at('2022-01-01'))).toStrictEqual(NOW);
  });

  it('answers an empty catalogue before the first change', () => {
    expect(catalogAsOf(NOW, EVENTS, at('2018-01-01'))).toStrictEqual({
      categories: [],
      programs: [],
      labs: [],
      specs: [{ id: '40', title: 'Old spec', url: 'https://example.test/spec' }],
    });
  });

  it('takes back moves, creations, closings, renames and reorders, newest first', () => {
    expect(listing(catalogAsOf(NOW, EVENTS, at('2018-07-01')))).toStrictEqual([
      ['services', ['Trunks:SEEKING_PARTNERS', 'Old:NOT_SEEKING_PARTNERS', 'Phones:SEEKING_PARTNERS']],
      ['devices', []],
    ]);
    expect(listing(catalogAsOf(NOW, EVENTS, at('2019-03-01')))).toStrictEqual([
      ['services', ['Trunks:SEEKING_PARTNERS', 'Old:NOT_SEEKING_PARTNERS']],
      ['devices', ['Phones:SEEKING_PARTNERS', 'Headsets:SEEKING_PARTNERS']],
    ]);
    expect(listing(catalogAsOf(NOW, EVENTS, at('2020-06-01')))).toStrictEqual([
      ['services', ['Trunks:SEEKING_PARTNERS']],
      ['devices', ['Phones:SEEKING_PARTNERS', 'Headsets:SEEKING_PARTNERS']],
    ]);
  });

  it('follows a renamed lab and spec into the programs that list them', () => {
    const before = catalogAsOf(NOW, EVENTS, at('2019-12-31'));
    const phones = before.programs.find(({ id }) => id === '10');
    expect(phones?.labs).toStrictEqual([{ name: 'Lab A', url: 'http://a.test/' }]);
    expect(phones?.specs).toStrictEqual([{ title: 'Old spec', url: 'https://example.test/spec' }]);
    expect(before.labs).toStrictEqual([{ id: '30', slug: 'lab-a', name: 'Lab A', url: 'http://a.test/' }]);
  });

  it('leaves the state it was given unchanged', () => {
    const copy = structuredClone(NOW);
    catalogAsOf(NOW, EVENTS, at('2018-01-01'));
    expect(NOW).toStrictEqual(copy);
  });

  it('changes nothing when taking back an event the state does not show yet', () => {
    // The state was read before event 12 committed: Phones still seeks partners.
    const older = revertEvents(
      NOW,
      EVENTS.filter(({ id }) => id === 12),
    );
    expect(
      revertEvents(
        older,
        EVENTS.filter(({ id }) => id === 12),
      ),
    ).toStrictEqual(older);
  });
});

describe('catalogChangesBetween', () => {
  it('lists the differences by program in page order, dated by the event that made them', () => {
    const changes = catalogChangesBetween(NOW, EVENTS, at('2018-07-01'), at('2022-01-01'));
    expect(changes.programs).toStrictEqual([
      {
        program: { id: '10', slug: 'phones', name: 'Phones' },
        changes: [
          {
            kind: 'admission-status-changed',
            field: 'admissionStatus',
            from: SEEKING,
            to: NOT_SEEKING,
            effectiveAt: at('2021-01-01'),
          },
          { kind: 'program-category-changed', field: 'category', from: 'Services', to: 'Devices', effectiveAt: at('2019-01-01') },
          {
            kind: 'specs-changed',
            field: 'specs',
            from: [{ title: 'Old spec', url: 'https://example.test/spec' }],
            to: [{ title: 'Spec', url: 'https://example.test/spec' }],
            effectiveAt: at('2020-01-01'),
          },
          {
            kind: 'labs-changed',
            field: 'labs',
            from: [{ name: 'Lab A', url: 'http://a.test/' }],
            to: [{ name: 'Lab A', url: 'https://a.test/' }],
            effectiveAt: at('2020-01-01'),
          },
        ],
      },
      {
        program: { id: '12', slug: 'headsets', name: 'Headsets' },
        changes: [{ kind: 'program-added', field: null, from: null, to: SEEKING, effectiveAt: at('2019-01-01') }],
      },
      expect.objectContaining({ program: { id: '11', slug: 'trunks', name: 'Trunks' } }),
      {
        program: { id: '13', slug: 'old', name: 'Old' },
        changes: [
          { kind: 'program-closed', field: 'admissionStatus', from: NOT_SEEKING, to: CLOSED, effectiveAt: at('2019-06-01') },
        ],
      },
    ]);
    expect(changes.catalogue).toStrictEqual([
      {
        kind: 'lab-url-changed',
        field: 'url',
        from: 'http://a.test/',
        to: 'https://a.test/',
        effectiveAt: at('2020-01-01'),
        entity: { type: 'Lab', id: '30', name: 'Lab A' },
      },
    ]);
  });

  it('finds nothing between two dates with no change between them', () => {
    expect(catalogChangesBetween(NOW, EVENTS, at('2021-06-01'), at('2022-01-01'))).toStrictEqual({ programs: [], catalogue: [] });
  });

  it('lists the first catalogue as added, from before any history', () => {
    const changes = catalogChangesBetween(NOW, EVENTS, at('2018-01-01'), at('2018-07-01'));
    expect(changes.programs.map(({ program, changes }) => [program.name, changes.map(({ kind }) => kind)])).toStrictEqual([
      ['Trunks', ['program-added']],
      ['Old', ['program-added']],
      ['Phones', ['program-added']],
    ]);
    expect(changes.catalogue.map(({ kind, entity }) => [kind, entity.name])).toStrictEqual([
      ['category-added', 'Services'],
      ['category-added', 'Devices'],
      ['lab-added', 'Lab A'],
    ]);
  });
});

describe('programTimeline', () => {
  it('lists public steps only, oldest first', () => {
    const phones = EVENTS.filter(({ entityType, entityId }) => entityType === 'Program' && entityId === '10');
    expect(programTimeline(phones).map(({ kind, from, to }) => [kind, from, to])).toStrictEqual([
      ['program-added', null, null],
      ['program-category-changed', 'Services', 'Devices'],
      ['admission-status-changed', SEEKING, NOT_SEEKING],
    ]);
  });
});

describe('parseHistoryDate', () => {
  it('reads a day as its end, in UTC, and a date-time with its offset as that moment', () => {
    expect(parseHistoryDate('2018-07-01')?.toISOString()).toBe('2018-07-01T23:59:59.999Z');
    expect(parseHistoryDate('2018-07-01T12:30:00+02:00')?.toISOString()).toBe('2018-07-01T10:30:00.000Z');
    expect(parseHistoryDate('2018-07-01T12:30:00.5Z')?.toISOString()).toBe('2018-07-01T12:30:00.500Z');
  });

  it('reads nothing else', () => {
    for (const text of ['2018-02-30', '2018-13-01', '2018-7-1', '2018-07-01T12:30', 'July 1, 2018', '', '1530403200000']) {
      expect(parseHistoryDate(text), text).toBeNull();
    }
  });
});
