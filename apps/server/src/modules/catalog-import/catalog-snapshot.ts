import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { CatalogSnapshot } from '@certhub/domain/importer/catalog-snapshot';
import type { EntityManager } from 'typeorm';
import { CategoryEntity } from '../category/category.entity.js';
import { AdmissionStepEntity, NoteEntity, RequirementEntity } from '../how-to-join/how-to-join.entities.js';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramLabEntity } from '../program/program-lab.entity.js';
import { ProgramSpecEntity } from '../program/program-spec.entity.js';

/** The whole catalogue as the domain's diff sees it, read in a fixed number of statements. */
export async function readCatalogSnapshot(manager: EntityManager): Promise<CatalogSnapshot> {
  // One statement after the other: a transaction's connection runs one query at a time anyway.
  const categories = await manager.find(CategoryEntity, { order: { position: 'ASC', id: 'ASC' } });
  const programs = await manager.find(ProgramEntity, { order: { position: 'ASC', id: 'ASC' } });
  const labs = await manager.find(LabEntity, { order: { id: 'ASC' } });
  const programSpecs = await manager.find(ProgramSpecEntity, {
    relations: { spec: true },
    order: { programId: 'ASC', position: 'ASC' },
  });
  const programLabs = await manager.find(ProgramLabEntity, {
    relations: { lab: true },
    order: { programId: 'ASC', position: 'ASC' },
  });
  const requirements = await manager.find(RequirementEntity, { order: { position: 'ASC' } });
  const admissionSteps = await manager.find(AdmissionStepEntity, { order: { position: 'ASC' } });
  const notes = await manager.find(NoteEntity, { order: { position: 'ASC' } });
  const categoryById = new Map(categories.map((category) => [category.id, category]));
  const specsOf = groupBy(programSpecs, (link) => link.programId);
  const labsOf = groupBy(programLabs, (link) => link.programId);
  const pageOrder = (program: ProgramEntity) => [categoryById.get(program.categoryId)?.position ?? 0, program.position];
  programs.sort((a, b) => compareTuples(pageOrder(a), pageOrder(b)));
  return {
    categories: categories.map(({ slug, name, position }) => ({ slug, name, position })),
    programs: programs.map((program) => ({
      slug: program.slug,
      name: program.name,
      category: categoryById.get(program.categoryId)?.name ?? '',
      position: program.position,
      closed: program.admissionStatus === AdmissionStatus.CLOSED,
      admissionStatus: program.admissionStatus,
      specs: (specsOf.get(program.id) ?? []).map(specOf),
      specAvailability: program.specAvailability,
      labs: (labsOf.get(program.id) ?? []).map(labOf),
      labAvailability: program.labAvailability,
      ...(program.admissionContact === null ? {} : { admissionContact: program.admissionContact }),
    })),
    labs: labs.map(({ slug, name, url }) => ({ slug, name, url })),
    requirements: requirements.map(({ id, text, position }) => ({ id, text, position })),
    admissionSteps: admissionSteps.map(({ position, text }) => ({ position, text })),
    notes: notes.map(({ id, text, position }) => ({ id, text, position })),
  };
}

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function compareTuples(a: number[], b: number[]): number {
  for (const [index, value] of a.entries()) {
    const difference = value - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

// The relations are loaded by the queries above; a missing one would be a bug here, not bad data.
function specOf({ spec }: ProgramSpecEntity): { title: string; url: string | null } {
  if (!spec) throw new Error('program_spec row read without its spec');
  return { title: spec.title, url: spec.url };
}

function labOf({ lab }: ProgramLabEntity): { name: string; url: string | null } {
  if (!lab) throw new Error('program_lab row read without its lab');
  return { name: lab.name, url: lab.url };
}
