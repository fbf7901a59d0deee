import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramEntity } from './program.entity.js';

/** A spec document a program lists, in the program's order. */
@Entity('program_spec')
@Index('IDX_program_spec_spec', ['specId'])
export class ProgramSpecEntity {
  @PrimaryColumn({ name: 'program_id', type: 'integer' })
  programId!: number;

  @PrimaryColumn({ name: 'spec_id', type: 'integer' })
  specId!: number;

  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => ProgramEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'program_id' })
  program?: Relation<ProgramEntity>;

  @ManyToOne(() => SpecEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'spec_id' })
  spec?: Relation<SpecEntity>;
}
