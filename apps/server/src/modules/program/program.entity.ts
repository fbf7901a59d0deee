import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { DateTimeISOResolver } from 'graphql-scalars';
import './program.enums.js';
import { Field } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo, EditVersionField, NameField, PositionField, SlugField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { CategoryEntity } from '../category/category.entity.js';
import { CatalogNodeType, NodeInterface } from '../node/node.interface.js';

@Entity('program')
@Index('IDX_program_category_position', ['categoryId', 'position'])
@CatalogNodeType('Program', 'A certification program.')
export class ProgramEntity extends GlobalIdEntity('Program') implements NodeInterface {
  @SlugField('Short, URL-safe name, unique among programs; what program(slug:) takes.')
  slug!: string;

  @NameField("The program's name.")
  name!: string;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @BelongsTo(() => CategoryEntity, 'category_id', 'RESTRICT')
  category?: Relation<CategoryEntity>;

  @PositionField('Order within its category, from 0.')
  position!: number;

  // Not indexed: a status change then leaves every index alone, which lets PostgreSQL update the
  // row in place (migration 1767300000000-hot-program-updates.ts says why it matters).
  @Field(() => AdmissionStatus, { description: 'Whether and how the program takes new partners.' })
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

  @EditVersionField()
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
