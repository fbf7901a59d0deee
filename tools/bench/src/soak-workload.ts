import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';
import type { Attempt, SoakClient } from './soak-client.js';

/** One kind of request in the mix: drawn in proportion to its weight, timed by the driver. */
export interface LoadKind {
  name: string;
  /** Its share of the mix, relative to the other kinds' weights. */
  weight: number;
  /** Sends one request; never throws (a failure is an Attempt with the outcome `error`). */
  run(): Promise<TimedAttempt>;
}

/** An attempt, with its latency when the kind measures it itself (otherwise the driver times `run`). */
export type TimedAttempt = Attempt & { latencyMs?: number };

/** A program as the soak tracks it: staff edits send the version they last saw. */
interface ProgramState {
  id: string;
  slug: string;
  name: string;
  admissionStatus: string;
  version: number;
}

/** What the soak learnt of the catalogue before the load, and the programs it writes to. */
export interface Catalog {
  programs: ProgramState[];
  categorySlugs: string[];
  labSlugs: string[];
  requirementIds: string[];
  /** Seeking partners for the whole run: every application goes to it, and no staff edit touches it. */
  applicationTarget: ProgramState;
  /** Toggled between SEEKING_PARTNERS and NOT_SEEKING_PARTNERS by the staff edits. */
  editable: ProgramState[];
}

interface WholeCatalog {
  categories: Array<{ slug: string; programs: ProgramState[] }>;
  labs: Array<{ slug: string }>;
}

const SEEKING = 'SEEKING_PARTNERS';
const NOT_SEEKING = 'NOT_SEEKING_PARTNERS';

const SET_STATUS = `mutation SoakSetStatus($input: SetProgramAdmissionStatusInput!) {
  setProgramAdmissionStatus(input: $input) { version admissionStatus }
}`;

/**
 * Reads the catalogue as the server seeded it, and makes one program seek partners (as staff) so
 * that applications have somewhere to go. Fails loudly: a soak over a broken setup measures nothing.
 */
export async function prepareCatalog(publicClient: SoakClient, staff: SoakClient): Promise<Catalog> {
  const whole = await publicClient.graphql<WholeCatalog>(WHOLE_CATALOG_QUERY);
  const requirements = await publicClient.graphql<{ requirements: Array<{ id: string }> }>('{ requirements { id } }');
  if (!whole.data || !requirements.data) {
    throw new Error(`The catalogue could not be read: ${JSON.stringify([...whole.errors, ...requirements.errors])}`);
  }
  const programs = whole.data.categories.flatMap((category) => category.programs.map((program) => ({ ...program })));
  const target =
    programs.find((program) => program.admissionStatus === SEEKING) ?? programs.find((p) => p.admissionStatus === NOT_SEEKING);
  if (!target) throw new Error('The seeded catalogue has no program that could seek partners.');
  if (target.admissionStatus !== SEEKING) await setStatusOrFail(staff, target, SEEKING);
  const editable = programs.filter(
    (program) => program !== target && (program.admissionStatus === SEEKING || program.admissionStatus === NOT_SEEKING),
  );
  if (editable.length === 0) throw new Error('The seeded catalogue has no other program for staff edits.');
  return {
    programs,
    categorySlugs: whole.data.categories.map((category) => category.slug),
    labSlugs: whole.data.labs.map((lab) => lab.slug),
    requirementIds: requirements.data.requirements.map((requirement) => requirement.id),
    applicationTarget: target,
    editable,
  };
}

async function setStatusOrFail(staff: SoakClient, program: ProgramState, status: string): Promise<void> {
  const answer = await staff.graphql<{ setProgramAdmissionStatus: { version: number; admissionStatus: string } }>(SET_STATUS, {
    input: { programId: program.id, status, expectedVersion: program.version, reason: 'Soak benchmark set-up' },
  });
  const changed = answer.data?.setProgramAdmissionStatus;
  if (!changed) throw new Error(`Could not set ${program.slug} to ${status}: ${JSON.stringify(answer.errors)}`);
  Object.assign(program, changed);
}

/** Anonymous reads, as the public site, mirrors and feed readers make them. */
export function publicReads(client: SoakClient, catalog: Catalog): LoadKind[] {
  return [
    { name: 'catalogue', weight: 20, run: async () => (await client.graphql(WHOLE_CATALOG_QUERY)).attempt },
    {
      name: 'program',
      weight: 15,
      run: async () => (await client.graphql(PROGRAM_BY_SLUG, { slug: pick(catalog.programs).slug })).attempt,
    },
    {
      name: 'programs',
      weight: 15,
      run: async () =>
        (await client.graphql(PROGRAMS_FILTERED, { first: pick([10, 20, 50]), filter: randomFilter(catalog) })).attempt,
    },
    { name: 'export', weight: 8, run: () => client.get('/export/catalogue.json') },
    { name: 'feed', weight: 7, run: () => client.get('/feeds/status.atom') },
  ];
}

const PROGRAM_BY_SLUG = `query SoakProgram($slug: String!) {
  program(slug: $slug) {
    id slug name admissionStatus specAvailability labAvailability version updatedAt
    category { slug name } specs { title url } labs { name slug url }
  }
}`;

const PROGRAMS_FILTERED = `query SoakPrograms($first: Int, $filter: ProgramFilter) {
  programs(first: $first, filter: $filter) {
    totalCount
    edges { cursor node { slug name admissionStatus category { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** One condition at a time, or none: each filter the public catalogue page offers. */
function randomFilter(catalog: Catalog): Record<string, unknown> {
  const word = pick(catalog.programs).name.split(/\s+/)[0] ?? '';
  return pick([
    {},
    { admissionStatus: [SEEKING] },
    { admissionStatus: [SEEKING, NOT_SEEKING] },
    { categorySlug: pick(catalog.categorySlugs) },
    ...(catalog.labSlugs.length ? [{ labSlug: pick(catalog.labSlugs) }] : []),
    { search: word.slice(0, 4) },
  ]);
}

/**
 * Staff flipping programs between seeking and not seeking partners, with the version each last
 * saw. Several requests in flight edit the same few programs, so some send a version another has
 * just moved past: CONFLICT, an expected answer, whose current version the next edit then uses.
 */
export function staffWrites(staff: SoakClient, catalog: Catalog): { kind: LoadKind; statusChanges(): number } {
  let changes = 0;
  const kind: LoadKind = {
    name: 'staff_write',
    weight: 15,
    async run() {
      const program = pick(catalog.editable);
      const status = program.admissionStatus === SEEKING ? NOT_SEEKING : SEEKING;
      const answer = await staff.graphql<{ setProgramAdmissionStatus: { version: number; admissionStatus: string } }>(
        SET_STATUS,
        {
          input: { programId: program.id, status, expectedVersion: program.version, reason: 'Soak benchmark' },
        },
      );
      const changed = answer.data?.setProgramAdmissionStatus;
      if (changed) {
        changes++;
        Object.assign(program, changed);
      } else if (answer.attempt.outcome === 'conflict') {
        catchUp(program, answer.errors[0]?.extensions);
      }
      return answer.attempt;
    },
  };
  return { kind, statusChanges: () => changes };
}

/** A CONFLICT carries the program as it is now (`currentVersion`, `current`): the next edit starts from there. */
function catchUp(program: ProgramState, extensions: Record<string, unknown> | undefined): void {
  const version = extensions?.currentVersion;
  if (typeof version === 'number' && version > program.version) program.version = version;
  const current = extensions?.current as { admissionStatus?: unknown } | undefined;
  if (typeof current?.admissionStatus === 'string') program.admissionStatus = current.admissionStatus;
}

const SUBMIT = `mutation SoakApply($input: SubmitApplicationInput!) {
  submitApplication(input: $input) { reference accessToken }
}`;

/** Vendors applying to the one program seeking partners, each a company of its own (no duplicates). */
export function applications(client: SoakClient, catalog: Catalog, runId: string): LoadKind {
  let sent = 0;
  return {
    name: 'application',
    weight: 8,
    async run() {
      const n = ++sent;
      const input = {
        programId: catalog.applicationTarget.id,
        companyName: `Soak ${runId} Vendor ${n}`,
        companyWebsite: `https://vendor-${n}.soak-${runId}.example`,
        headquartersCountry: 'DE',
        contactName: 'Sam Soak',
        contactEmail: `sam@vendor-${n}.soak-${runId}.example`,
        productSummary: 'A session border controller, sent by the soak benchmark.',
        message: 'We would like to certify our product: this application is part of a load test.',
        attestedRequirementIds: catalog.requirementIds,
      };
      return (await client.graphql(SUBMIT, { input })).attempt;
    },
  };
}

export function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list.');
  return item;
}
