import { ADMISSION_STATUS_LABELS, AdmissionStatus } from '../admission-status.js';
import {
  LAB_AVAILABILITY_LABELS,
  type LabAvailability,
  SPEC_AVAILABILITY_LABELS,
  type SpecAvailability,
} from '../availability.js';
import type { AdmissionStep, CatalogProgram, HowToJoinContent, LabLink, Note, Requirement, SpecLink } from '../catalog.js';
import { slugify } from '../slug.js';
import {
  type CatalogSnapshot,
  categoriesOf,
  labsOf,
  placePrograms,
  type SnapshotCategory,
  type SnapshotLab,
  type SnapshotProgram,
} from './catalog-snapshot.js';

/** A program as the page places it: slug, and 0-based position within its category. */
export type PlacedProgram = CatalogProgram & { slug: string; position: number };

/** Which program a change is about; `name` as the page now writes it. */
export interface ProgramRef {
  programSlug: string;
  name: string;
}

type ProgramFieldChange<Kind extends string, Value> = ProgramRef & { kind: Kind; from: Value; to: Value };
type ListChange<Kind extends string, Item> = { kind: Kind; from: Item[]; to: Item[] };

/**
 * One difference between the catalogue and the page, with what it takes to apply it. Categories
 * and labs are matched by the slug of their name, programs by their slug. Every change names what
 * it is about by exactly one of `categorySlug`, `labSlug` or `programSlug`, or by none when it is
 * about the page's texts.
 */
export type CatalogChange =
  | { kind: 'category-added'; categorySlug: string; name: string; position: number }
  /** Same slug, different spelling ("IT Pro" → "IT pro"). */
  | { kind: 'category-renamed'; categorySlug: string; from: string; to: string }
  | { kind: 'category-moved'; categorySlug: string; name: string; from: number; to: number }
  | { kind: 'lab-added'; labSlug: string; name: string; url: string | null }
  /** Same slug, different spelling ("Tekvizion" → "TekVizion"). */
  | { kind: 'lab-renamed'; labSlug: string; from: string; to: string }
  | { kind: 'lab-url-changed'; labSlug: string; name: string; from: string | null; to: string | null }
  | (ProgramRef & { kind: 'program-added'; program: PlacedProgram })
  /** The program is no longer on the page: it becomes CLOSED, keeping its history. */
  | (ProgramRef & { kind: 'program-closed'; from: AdmissionStatus })
  /** A closed program is on the page again, with status `to`. */
  | (ProgramRef & { kind: 'program-reopened'; to: AdmissionStatus })
  | ProgramFieldChange<'program-renamed', string>
  | ProgramFieldChange<'admission-status-changed', AdmissionStatus>
  /** `from` and `to` are category names; `toCategorySlug` is the slug of `to`. */
  | (ProgramFieldChange<'program-category-changed', string> & { toCategorySlug: string })
  | ProgramFieldChange<'program-position-changed', number>
  | ProgramFieldChange<'specs-changed', SpecLink[]>
  | ProgramFieldChange<'spec-availability-changed', SpecAvailability | null>
  | ProgramFieldChange<'labs-changed', LabLink[]>
  | ProgramFieldChange<'lab-availability-changed', LabAvailability | null>
  /** The page gives a contact address in the program's row; a row without one changes nothing. */
  | ProgramFieldChange<'admission-contact-changed', string | null>
  | ListChange<'requirements-changed', Requirement>
  | ListChange<'admission-steps-changed', AdmissionStep>
  | ListChange<'notes-changed', Note>;

export type CatalogChangeKind = CatalogChange['kind'];

/**
 * What importing `next` would change in the catalogue `current`, in the order to apply it:
 * categories, labs, programs (page order, then closures), then the page's texts. Importing a page
 * twice changes nothing the second time: `diffCatalog(snapshotFromContent(page), page)` is empty.
 */
export function diffCatalog(current: CatalogSnapshot, next: HowToJoinContent): CatalogChange[] {
  return [
    ...categoryChanges(current.categories, categoriesOf(next.programs)),
    ...labChanges(current.labs, labsOf(next.programs)),
    ...programChanges(current.programs, placePrograms(next.programs)),
    ...listChange('requirements-changed', current.requirements, next.requirements, ['id', 'text', 'position']),
    ...listChange('admission-steps-changed', current.admissionSteps, next.admissionSteps, ['position', 'text']),
    ...listChange('notes-changed', current.notes, next.notes, ['id', 'text', 'position']),
  ];
}

/** Closed either way a snapshot may say it (see `SnapshotProgram`). */
export function isClosed(program: SnapshotProgram): boolean {
  return program.closed || program.admissionStatus === AdmissionStatus.CLOSED;
}

function categoryChanges(current: readonly SnapshotCategory[], next: readonly SnapshotCategory[]): CatalogChange[] {
  const currentBySlug = new Map(current.map((category) => [category.slug, category]));
  return next.flatMap(({ slug: categorySlug, name, position }): CatalogChange[] => {
    const known = currentBySlug.get(categorySlug);
    if (!known) return [{ kind: 'category-added', categorySlug, name, position }];
    const changes: CatalogChange[] = [];
    if (known.name !== name) changes.push({ kind: 'category-renamed', categorySlug, from: known.name, to: name });
    if (known.position !== position) {
      changes.push({ kind: 'category-moved', categorySlug, name, from: known.position, to: position });
    }
    return changes;
  });
}

/** Labs no program lists any more are kept: other records (applications) may refer to them. */
function labChanges(current: readonly SnapshotLab[], next: readonly SnapshotLab[]): CatalogChange[] {
  const currentBySlug = new Map(current.map((lab) => [lab.slug, lab]));
  return next.flatMap(({ slug: labSlug, name, url }): CatalogChange[] => {
    const known = currentBySlug.get(labSlug);
    if (!known) return [{ kind: 'lab-added', labSlug, name, url }];
    const changes: CatalogChange[] = [];
    if (known.name !== name) changes.push({ kind: 'lab-renamed', labSlug, from: known.name, to: name });
    if (known.url !== url) changes.push({ kind: 'lab-url-changed', labSlug, name, from: known.url, to: url });
    return changes;
  });
}

function programChanges(current: readonly SnapshotProgram[], next: readonly PlacedProgram[]): CatalogChange[] {
  const currentBySlug = new Map(current.map((program) => [program.slug, program]));
  const onPage = new Set(next.map(({ slug }) => slug));
  const listed = next.flatMap((program): CatalogChange[] => {
    const known = currentBySlug.get(program.slug);
    if (known) return matchedProgramChanges(known, program);
    return [{ kind: 'program-added', programSlug: program.slug, name: program.name, program }];
  });
  const closed = current
    .filter((program) => !isClosed(program) && !onPage.has(program.slug))
    .map(
      ({ slug, name, admissionStatus }): CatalogChange => ({
        kind: 'program-closed',
        programSlug: slug,
        name,
        from: admissionStatus,
      }),
    );
  return [...listed, ...closed];
}

function matchedProgramChanges(current: SnapshotProgram, next: PlacedProgram): CatalogChange[] {
  const ref: ProgramRef = { programSlug: next.slug, name: next.name };
  const changes: CatalogChange[] = [];
  if (isClosed(current)) {
    changes.push({ ...ref, kind: 'program-reopened', to: next.admissionStatus });
  } else if (current.admissionStatus !== next.admissionStatus) {
    changes.push({ ...ref, kind: 'admission-status-changed', from: current.admissionStatus, to: next.admissionStatus });
  }
  if (current.name !== next.name) {
    changes.push({ ...ref, kind: 'program-renamed', from: current.name, to: next.name });
  }
  const toCategorySlug = slugify(next.category);
  if (slugify(current.category) !== toCategorySlug) {
    changes.push({ ...ref, kind: 'program-category-changed', from: current.category, to: next.category, toCategorySlug });
  }
  if (current.position !== next.position) {
    changes.push({ ...ref, kind: 'program-position-changed', from: current.position, to: next.position });
  }
  if (!sameRecords(current.specs, next.specs, ['title', 'url'])) {
    changes.push({ ...ref, kind: 'specs-changed', from: current.specs, to: next.specs });
  }
  if (current.specAvailability !== next.specAvailability) {
    changes.push({ ...ref, kind: 'spec-availability-changed', from: current.specAvailability, to: next.specAvailability });
  }
  if (!sameRecords(current.labs, next.labs, ['name', 'url'])) {
    changes.push({ ...ref, kind: 'labs-changed', from: current.labs, to: next.labs });
  }
  if (current.labAvailability !== next.labAvailability) {
    changes.push({ ...ref, kind: 'lab-availability-changed', from: current.labAvailability, to: next.labAvailability });
  }
  const contact = current.admissionContact ?? null;
  if (next.admissionContact !== undefined && next.admissionContact !== contact) {
    changes.push({ ...ref, kind: 'admission-contact-changed', from: contact, to: next.admissionContact });
  }
  return changes;
}

function listChange<Kind extends CatalogChangeKind, Item extends object>(
  kind: Kind,
  from: Item[],
  to: Item[],
  fields: readonly (keyof Item)[],
): ListChange<Kind, Item>[] {
  return sameRecords(from, to, fields) ? [] : [{ kind, from, to }];
}

/** Same length and, item by item, the same values in `fields` (key order does not matter). */
function sameRecords<Item extends object>(a: readonly Item[], b: readonly Item[], fields: readonly (keyof Item)[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => {
      const other = b[index];
      return other !== undefined && fields.every((field) => Object.is(item[field], other[field]));
    })
  );
}

/** One line saying what a change does, for the import log and audit trail. */
export function describeChange(change: CatalogChange): string {
  switch (change.kind) {
    case 'category-added':
      return `Category "${change.name}" added at position ${change.position}`;
    case 'category-renamed':
      return `Category "${change.from}" renamed to "${change.to}"`;
    case 'category-moved':
      return `Category "${change.name}" moved from position ${change.from} to ${change.to}`;
    case 'lab-added':
      return `Lab "${change.name}" added${change.url ? ` (${change.url})` : ''}`;
    case 'lab-renamed':
      return `Lab "${change.from}" renamed to "${change.to}"`;
    case 'lab-url-changed':
      return `Lab "${change.name}": link changed from ${orNone(change.from)} to ${orNone(change.to)}`;
    case 'program-added':
      return (
        `Program "${change.program.name}" added to category "${change.program.category}" ` +
        `as ${statusLabel(change.program.admissionStatus)}`
      );
    case 'program-closed':
      return `Program "${change.name}" closed (no longer on the page; was ${statusLabel(change.from)})`;
    case 'program-reopened':
      return `Program "${change.name}" reopened as ${statusLabel(change.to)}`;
    case 'program-renamed':
      return `Program "${change.from}" renamed to "${change.to}"`;
    case 'admission-status-changed':
      return `Program "${change.name}": admission status changed from ${statusLabel(change.from)} to ${statusLabel(change.to)}`;
    case 'program-category-changed':
      return `Program "${change.name}" moved from category "${change.from}" to "${change.to}"`;
    case 'program-position-changed':
      return `Program "${change.name}" moved from position ${change.from} to ${change.to} in its category`;
    case 'specs-changed':
      return `Program "${change.name}": specs changed from ${formatSpecs(change.from)} to ${formatSpecs(change.to)}`;
    case 'spec-availability-changed':
      return `Program "${change.name}": spec availability changed from ${specAvailabilityLabel(change.from)} to ${specAvailabilityLabel(change.to)}`;
    case 'labs-changed':
      return `Program "${change.name}": labs changed from ${formatLabs(change.from)} to ${formatLabs(change.to)}`;
    case 'lab-availability-changed':
      return `Program "${change.name}": lab availability changed from ${labAvailabilityLabel(change.from)} to ${labAvailabilityLabel(change.to)}`;
    case 'admission-contact-changed':
      return `Program "${change.name}": admission contact changed from ${orNone(change.from)} to ${orNone(change.to)}`;
    case 'requirements-changed':
      return describeListChange('Requirements', change, ({ id }) => `"${id}"`);
    case 'admission-steps-changed':
      return describeListChange('Admission steps', change, ({ position }) => `step ${position}`);
    case 'notes-changed':
      return describeListChange('Notes', change, ({ id }) => `"${id}"`);
  }
}

/** "Requirements changed: added "x"; removed "y"; reworded "z"; reordered "w"". */
function describeListChange<Item extends { text: string; position: number }>(
  label: string,
  { from, to }: { from: readonly Item[]; to: readonly Item[] },
  keyOf: (item: Item) => string,
): string {
  const before = new Map(from.map((item) => [keyOf(item), item]));
  const after = new Map(to.map((item) => [keyOf(item), item]));
  const kept = [...after].filter(([key]) => before.has(key));
  const parts: [string, string[]][] = [
    ['added', [...after.keys()].filter((key) => !before.has(key))],
    ['removed', [...before.keys()].filter((key) => !after.has(key))],
    ['reworded', kept.filter(([key, item]) => before.get(key)?.text !== item.text).map(([key]) => key)],
    ['reordered', kept.filter(([key, item]) => before.get(key)?.position !== item.position).map(([key]) => key)],
  ];
  const summary = parts
    .filter(([, keys]) => keys.length > 0)
    .map(([verb, keys]) => `${verb} ${keys.join(', ')}`)
    .join('; ');
  return `${label} changed${summary ? `: ${summary}` : ''}`;
}

function statusLabel(status: AdmissionStatus): string {
  return `"${ADMISSION_STATUS_LABELS[status]}"`;
}

function specAvailabilityLabel(availability: SpecAvailability | null): string {
  return availability === null ? 'none' : `"${SPEC_AVAILABILITY_LABELS[availability]}"`;
}

function labAvailabilityLabel(availability: LabAvailability | null): string {
  return availability === null ? 'none' : `"${LAB_AVAILABILITY_LABELS[availability]}"`;
}

function formatSpecs(specs: readonly SpecLink[]): string {
  return formatLinks(specs.map(({ title, url }) => ({ label: title, url })));
}

function formatLabs(labs: readonly LabLink[]): string {
  return formatLinks(labs.map(({ name, url }) => ({ label: name, url })));
}

function formatLinks(links: readonly { label: string; url: string | null }[]): string {
  const formatted = links.map(({ label, url }) => (url ? `"${label}" (${url})` : `"${label}"`));
  return formatted.length > 0 ? `[${formatted.join(', ')}]` : 'none';
}

function orNone(url: string | null): string {
  return url ?? 'none';
}
