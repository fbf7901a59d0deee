import type { EntityManager } from 'typeorm';
import { LabEntity } from '../lab/lab.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramEntity } from './program.entity.js';
import { ProgramLabEntity } from './program-lab.entity.js';
import { ProgramSpecEntity } from './program-spec.entity.js';

/** The two ordered lists a program links to: its spec documents and its certification labs. */
const LINKS = {
  spec: { link: ProgramSpecEntity, table: 'program_spec', column: 'spec_id', key: 'specId' },
  lab: { link: ProgramLabEntity, table: 'program_lab', column: 'lab_id', key: 'labId' },
} as const;
export type LinkKind = keyof typeof LINKS;

/** Names of the programs, closed ones too, that list this spec or lab, by name. */
export async function programsListing(manager: EntityManager, kind: LinkKind, id: number): Promise<string[]> {
  const { table, column } = LINKS[kind];
  const programs = await manager
    .createQueryBuilder(ProgramEntity, 'program')
    .where(`EXISTS (SELECT 1 FROM ${table} link WHERE link.program_id = program.id AND link.${column} = :id)`, { id })
    .orderBy('program.name', 'ASC')
    .getMany();
  return programs.map((program) => program.name);
}

/** The specs a program lists, in its order. */
export async function specsOf(manager: EntityManager, programId: number): Promise<SpecEntity[]> {
  const links = await manager.find(ProgramSpecEntity, {
    where: { programId },
    relations: { spec: true },
    order: { position: 'ASC' },
  });
  return links.map((link) => link.spec as SpecEntity);
}

/** The labs a program lists, in its order. */
export async function labsOf(manager: EntityManager, programId: number): Promise<LabEntity[]> {
  const links = await manager.find(ProgramLabEntity, {
    where: { programId },
    relations: { lab: true },
    order: { position: 'ASC' },
  });
  return links.map((link) => link.lab as LabEntity);
}

/** Makes the program list exactly these rows, in this order. */
export async function replaceLinks(
  manager: EntityManager,
  kind: LinkKind,
  programId: number,
  ids: readonly number[],
): Promise<void> {
  const { link, key } = LINKS[kind];
  await manager.delete(link, { programId });
  if (ids.length) await manager.insert(link, ids.map((id, position) => ({ programId, [key]: id, position })) as never);
}
