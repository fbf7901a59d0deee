import { LabChanges, NewLab } from '@certhub/domain/catalog-edit';
import type { DataSource } from 'typeorm';
import { type EditableKind, RowEditService, uniqueSlug } from '../../shared/entity-edits.js';
import { programsListing } from '../program/program-links.js';
import { LabEntity } from './lab.entity.js';

export const LAB: EditableKind<LabEntity> = {
  entity: LabEntity,
  typeName: 'Lab',
  fields: ['name', 'slug', 'url'],
  label: (lab) => lab.name,
  unique: uniqueSlug('lab'),
  usedBy: (manager, labId) => programsListing(manager, 'lab', labId),
  inUseAdvice: 'Take it off their labs first.',
};

/** Staff edits of certification labs. */
export class LabEditService extends RowEditService<LabEntity, typeof NewLab, typeof LabChanges> {
  constructor(dataSource: DataSource) {
    super(dataSource, LAB, { create: NewLab, update: LabChanges });
  }
}
