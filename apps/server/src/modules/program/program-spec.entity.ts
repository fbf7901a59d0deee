import { Entity, Index, PrimaryColumn, type Relation } from 'typeorm';
import { BelongsTo } from '../../shared/field-columns.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramLink } from './program-link.js';

/** A spec document a program lists, in the program's order. */
@Entity('program_spec')
@Index('IDX_program_spec_spec', ['specId'])
export class ProgramSpecEntity extends ProgramLink {
  @PrimaryColumn({ name: 'spec_id', type: 'integer' })
  specId!: number;

  @BelongsTo(() => SpecEntity, 'spec_id', 'RESTRICT')
  spec?: Relation<SpecEntity>;
}
