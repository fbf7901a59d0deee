import { Entity, Index, PrimaryColumn, type Relation } from 'typeorm';
import { BelongsTo } from '../../shared/field-columns.js';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramLink } from './program-link.js';

/** A lab that certifies for a program, in the order the program lists its labs. */
@Entity('program_lab')
@Index('IDX_program_lab_lab', ['labId'])
export class ProgramLabEntity extends ProgramLink {
  @PrimaryColumn({ name: 'lab_id', type: 'integer' })
  labId!: number;

  @BelongsTo(() => LabEntity, 'lab_id', 'RESTRICT')
  lab?: Relation<LabEntity>;
}
