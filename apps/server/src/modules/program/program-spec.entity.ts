import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramLink } from './program-link.js';

/** A spec document a program lists, in the program's order. */
@Entity('program_spec')
@Index('IDX_program_spec_spec', ['specId'])
export class ProgramSpecEntity extends ProgramLink {
  @PrimaryColumn({ name: 'spec_id', type: 'integer' })
  specId!: number;

  @ManyToOne(() => SpecEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'spec_id' })
  spec?: Relation<SpecEntity>;
}
