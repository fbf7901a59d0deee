import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { DateTimeISOResolver } from 'graphql-scalars';
import './program.enums.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { toGlobalId } from '../../shared/global-id.js';
import { CategoryEntity } from '../category/category.entity.js';
import { NodeInterface } from '../node/node.interface.js';

@Entity('program')
@Index('IDX_program_category_position', ['categoryId', 'position'])
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('Program', { simpleResolvers: true, implements: NodeInterface, description: 'A certification program.' })
export class ProgramEntity implements NodeInterface {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  // Not simple: the field is named `id`, but its value is this getter's.
  @Field(() => ID, { name: 'id', simple: false, description: 'Global, opaque id.' })
  get globalId(): string {
    return toGlobalId('Program', this.id);
  }

  @Field(() => String, { description: 'Short, URL-safe name, unique among programs; what program(slug:) takes.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug!: string;

  @Field(() => String, { description: "The program's name." })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<CategoryEntity>;

  @Field(() => Int, { description: 'Order within its category, from 0.' })
  @Column({ type: 'integer' })
  position!: number;

  @Field(() => AdmissionStatus, { description: 'Whether and how the program takes new partners.' })
  @Index('IDX_program_admission_status')
  @Column({ name: 'admission_status', type: 'varchar', length: 32 })
  admissionStatus!: AdmissionStatus;

  @Field(() => SpecAvailability, { nullable: true, description: 'How specs are had when none is listed.' })
  @Column({ name: 'spec_availability', type: 'varchar', length: 32, nullable: true })
  specAvailability!: SpecAvailability | null;

  @Field(() => LabAvailability, { nullable: true, description: 'Why no lab is listed, when none is.' })
  @Column({ name: 'lab_availability', type: 'varchar', length: 32, nullable: true })
  labAvailability!: LabAvailability | null;

  /** How many partners the program can take; null when not limited. Staff only. */
  @Column({ name: 'partner_capacity', type: 'integer', nullable: true })
  partnerCapacity!: number | null;

  /** Staff only. */
  @Column({ name: 'internal_notes', type: 'text', nullable: true })
  internalNotes!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The email address vendors write to about joining ("Email the alias listed in the table"); null when none is published.',
  })
  @Column({ name: 'admission_contact', type: 'varchar', length: 320, nullable: true })
  admissionContact!: string | null;

  @Field(() => Int, { description: 'Incremented on every change; send it back with an edit to detect conflicts.' })
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Field(() => DateTimeISOResolver, { description: 'When the admission status last changed.' })
  @Column(timestampColumn({ name: 'status_changed_at' }))
  statusChangedAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When the program was added.' })
  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When anything about the program last changed.' })
  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
