import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramEntity } from './program.entity.js';

/** A lab that certifies for a program, in the order the program lists its labs. */
@Entity('program_lab')
@Index('IDX_program_lab_lab', ['labId'])
export class ProgramLabEntity {
  @PrimaryColumn({ name: 'program_id', type: 'integer' })
  programId!: number;

  @PrimaryColumn({ name: 'lab_id', type: 'integer' })
  labId!: number;

  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => ProgramEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'program_id' })
  program?: Relation<ProgramEntity>;

  @ManyToOne(() => LabEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lab_id' })
  lab?: Relation<LabEntity>;
}
