import { AdmissionStatus } from '@certhub/domain/admission-status';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo } from '../../shared/field-columns.js';
import { StatusChangeRow } from '../../shared/status-change-row.js';
import { ProgramEntity } from './program.entity.js';
import './program.enums.js';

/** A program's admission statuses, from and to; plain reads, as the type's other fields. */
const ProgramStatusChangeRow = StatusChangeRow(AdmissionStatus, {
  length: 32,
  first: 'Null for the status a program was created with.',
  simple: true,
});

/** One change of a program's admission status: the public history, without who made it. */
@Entity('program_status_change')
@Index('IDX_program_status_change_program', ['programId', 'changedAt'])
// The status feed's order: its latest changes without sorting the whole history.
@Index('IDX_program_status_change_recent', ['changedAt', 'id'])
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('ProgramStatusChange', { simpleResolvers: true, description: 'A change of admission status.' })
export class ProgramStatusChangeEntity extends ProgramStatusChangeRow {
  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'CASCADE')
  program?: Relation<ProgramEntity>;

  @Field(() => DateTimeISOResolver, { description: 'When the status changed.' })
  @CreateDateColumn(timestampColumn({ name: 'changed_at' }))
  changedAt!: Date;
}
