import { AdmissionStatus } from '@certhub/domain/admission-status';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { ProgramEntity } from './program.entity.js';
import './program.enums.js';

/** One change of a program's admission status: the public history, without who made it. */
@Entity('program_status_change')
@Index('IDX_program_status_change_program', ['programId', 'changedAt'])
// The status feed's order: its latest changes without sorting the whole history.
@Index('IDX_program_status_change_recent', ['changedAt', 'id'])
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('ProgramStatusChange', { simpleResolvers: true, description: 'A change of admission status.' })
export class ProgramStatusChangeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @ManyToOne(() => ProgramEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'program_id' })
  program?: Relation<ProgramEntity>;

  @Field(() => AdmissionStatus, { nullable: true, description: 'Null for the status a program was created with.' })
  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  from!: AdmissionStatus | null;

  @Field(() => AdmissionStatus, { description: 'The new status.' })
  @Column({ name: 'to_status', type: 'varchar', length: 32 })
  to!: AdmissionStatus;

  @Field(() => DateTimeISOResolver, { description: 'When the status changed.' })
  @CreateDateColumn(timestampColumn({ name: 'changed_at' }))
  changedAt!: Date;
}
