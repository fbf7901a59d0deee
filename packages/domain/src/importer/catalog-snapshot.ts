import type { AdmissionStep, CatalogProgram, HowToJoinContent, Note, Requirement } from '../catalog.js';
import { slugify } from '../slug.js';

export interface SnapshotCategory {
  slug: string;
  name: string;
  /** 0-based order of first appearance in the table. */
  position: number;
}

/**
 * A program as the catalogue holds it. A program dropped from the page is closed, never deleted:
 * `closed` is then true and `admissionStatus` keeps the last status the page gave it, so that a
 * closing can say what the program was. A snapshot may also give `admissionStatus: 'CLOSED'`
 * instead; either way counts as closed.
 */
export interface SnapshotProgram extends CatalogProgram {
  slug: string;
  /** 0-based position within its category. */
  position: number;
  closed: boolean;
}

/** A certification lab; several programs may list the same one. */
export interface SnapshotLab {
  slug: string;
  name: string;
  url: string | null;
}

/** What the catalogue holds now, to be compared with a newly read page. */
export interface CatalogSnapshot {
  categories: SnapshotCategory[];
  programs: SnapshotProgram[];
  labs: SnapshotLab[];
  requirements: Requirement[];
  admissionSteps: AdmissionStep[];
  notes: Note[];
}

/** The snapshot the catalogue would hold right after importing `content` into an empty database. */
export function snapshotFromContent(content: HowToJoinContent): CatalogSnapshot {
  return {
    categories: categoriesOf(content.programs),
    programs: placePrograms(content.programs).map((program) => ({ ...program, closed: false })),
    labs: labsOf(content.programs),
    requirements: content.requirements,
    admissionSteps: content.admissionSteps,
    notes: content.notes,
  };
}

/** Categories in order of first appearance; the first spelling of a name wins. */
export function categoriesOf(programs: readonly CatalogProgram[]): SnapshotCategory[] {
  const categories = new Map<string, SnapshotCategory>();
  for (const { category } of programs) {
    const slug = slugify(category);
    if (!categories.has(slug)) categories.set(slug, { slug, name: category, position: categories.size });
  }
  return [...categories.values()];
}

/** Programs with their slug and their position within their category. */
export function placePrograms(programs: readonly CatalogProgram[]): (CatalogProgram & { slug: string; position: number })[] {
  const countByCategory = new Map<string, number>();
  return programs.map((program) => {
    const categorySlug = slugify(program.category);
    const position = countByCategory.get(categorySlug) ?? 0;
    countByCategory.set(categorySlug, position + 1);
    return { ...program, slug: slugify(program.name), position };
  });
}

/**
 * The labs the programs list, once each, in order of first appearance. A lab's address is the
 * first one given for it, so a program listing a lab without a link does not erase it.
 */
export function labsOf(programs: readonly CatalogProgram[]): SnapshotLab[] {
  const labs = new Map<string, SnapshotLab>();
  for (const { name, url } of programs.flatMap((program) => program.labs)) {
    const slug = slugify(name);
    const known = labs.get(slug);
    if (!known) labs.set(slug, { slug, name, url });
    else known.url ??= url;
  }
  return [...labs.values()];
}
