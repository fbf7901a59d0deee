import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import type { ScheduledChangeState } from '@certhub/domain/scheduled-change';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import '../program/program.enums.js';
import './scheduled-change.enums.js';

/** The plain fields a scheduled change sets besides the status, as `updateProgram` takes them (null clears). */
export interface ScheduledEdits {
  name?: string;
  partnerCapacity?: number | null;
  internalNotes?: string | null;
  admissionContact?: string | null;
  specAvailability?: SpecAvailability | null;
  labAvailability?: LabAvailability | null;
}

/**
 * A change of a program planned for a moment ahead. Public (on `Program.scheduledChanges`) only
 * when announced and pending, and then only its moment and new status; the rest is staff-only.
 */
@Entity('scheduled_change')
// What the timer and the catch-up read: pending changes by due moment.
@Index('IDX_scheduled_change_due', ['state', 'effectiveAt'])
@Index('IDX_scheduled_change_program', ['programId', 'state'])
@ObjectType('ScheduledChange', { description: 'A change of a program planned for a moment ahead.' })
export class ScheduledChangeEntity extends GlobalIdEntity(
  'ScheduledChange',
  'Global, opaque id; what cancelScheduledChange takes.',
) {
  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'CASCADE')
  program?: Relation<ProgramEntity>;

  @Field(() => DateTimeISOResolver, { description: 'When the change takes (or took) effect.' })
  @Column(timestampColumn({ name: 'effective_at' }))
  effectiveAt!: Date;

  @Field(() => AdmissionStatus, { nullable: true, description: 'The status the program gets; null when the status stays.' })
  @Column({ name: 'admission_status', type: 'varchar', length: 32, nullable: true })
  admissionStatus!: AdmissionStatus | null;

  /** The other fields it sets, as `updateProgram` takes them. Staff only. */
  @Column({ type: 'simple-json', nullable: true })
  edits!: ScheduledEdits | null;

  /** Why, for the audit trail. Staff only. */
  @Column({ type: 'text' })
  reason!: string;

  /** Whether the public program page announces it while it is pending. Staff only. */
  @Column({ type: 'boolean', default: false })
  announce!: boolean;

  /** Staff only. */
  @Column({ type: 'varchar', length: 16 })
  state!: ScheduledChangeState;

  /** Why it was skipped or cancelled. Staff only. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** When it was applied, skipped or cancelled. Staff only. */
  @Column(timestampColumn({ name: 'settled_at', nullable: true }))
  settledAt!: Date | null;

  /** Who scheduled it. Staff only. */
  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  /** Staff only. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
