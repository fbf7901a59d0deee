import { NewSpec, SpecChanges } from '@certhub/domain/catalog-edit';
import { type DataSource, IsNull } from 'typeorm';
import { type EditableKind, RowEditService } from '../../shared/entity-edits.js';
import { programsListing } from '../program/program-links.js';
import { SpecEntity } from './spec.entity.js';

export const SPEC: EditableKind<SpecEntity> = {
  entity: SpecEntity,
  typeName: 'Spec',
  fields: ['title', 'url'],
  label: (spec) => spec.title,
  // Programs share spec documents, so one document is one row; the database's unique index
  // leaves documents without an address out (NULLs differ), this check does not.
  unique: {
    field: 'title',
    where: (spec) => ({ title: spec.title, url: spec.url ?? IsNull() }),
    message: (existing) =>
      `The spec "${existing.title}" ${existing.url ? 'with this address' : 'without an address'} exists already: link programs to it.`,
  },
  usedBy: (manager, specId) => programsListing(manager, 'spec', specId),
  inUseAdvice: 'Take it off their specs first.',
};

/** Staff edits of spec documents. */
export class SpecEditService extends RowEditService<SpecEntity, typeof NewSpec, typeof SpecChanges> {
  constructor(dataSource: DataSource) {
    super(dataSource, SPEC, { create: NewSpec, update: SpecChanges });
  }
}
