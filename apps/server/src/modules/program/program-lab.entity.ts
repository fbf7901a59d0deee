import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramLink } from './program-link.js';

/** A lab that certifies for a program, in the order the program lists its labs. */
@Entity('program_lab')
@Index('IDX_program_lab_lab', ['labId'])
export class ProgramLabEntity extends ProgramLink {
  @PrimaryColumn({ name: 'lab_id', type: 'integer' })
  labId!: number;

  @ManyToOne(() => LabEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lab_id' })
  lab?: Relation<LabEntity>;
}
