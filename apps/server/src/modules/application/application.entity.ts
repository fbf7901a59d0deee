import { ApplicationStatus } from '@certhub/domain/application';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo, EditVersionField, NameField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import './application.enums.js';

/**
 * A vendor's application to join a program. Only staff see this type; the applicant sees their
 * own application as a `TrackedApplication`, with the reference and access token. Not a `Node`:
 * applications are private, so `node(id:)` never answers one.
 */
@Entity('application')
@Index('IDX_application_program_status', ['programId', 'status'])
// The duplicate check's lookups, in their order (migration 1767500000000 says why the id).
@Index('IDX_application_program_company', ['programId', 'companyKey', 'id'])
@Index('IDX_application_program_host', ['programId', 'websiteHost', 'id'])
@ObjectType('Application', { description: "A vendor's application to join a program. Staff only." })
export class ApplicationEntity extends GlobalIdEntity('Application') {
  @Field(() => String, { description: 'What the applicant and staff call it, such as APP-7K2Q9.' })
  @Column({ type: 'varchar', length: 16, unique: true })
  reference!: string;

  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'RESTRICT')
  program?: Relation<ProgramEntity>;

  @Field(() => ApplicationStatus, { description: 'Where the application is in the review process.' })
  @Column({ type: 'varchar', length: 32 })
  status!: ApplicationStatus;

  @NameField("The applying company's name.", 'company_name')
  companyName!: string;

  /** The company name as duplicates are compared (`companyKey` of the domain). */
  @Column({ name: 'company_key', type: 'varchar', length: 200 })
  companyKey!: string;

  @Field(() => String, { description: "The applying company's website." })
  @Column({ name: 'company_website', type: 'varchar', length: 500 })
  companyWebsite!: string;

  /** The website's host without "www.", also compared for duplicates. */
  @Column({ name: 'website_host', type: 'varchar', length: 255, nullable: true })
  websiteHost!: string | null;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code, such as DE.' })
  @Column({ name: 'headquarters_country', type: 'varchar', length: 2 })
  headquartersCountry!: string;

  @NameField("The name of the applicant's contact person.", 'contact_name')
  contactName!: string;

  @Field(() => String, { description: "The email address of the applicant's contact person." })
  @Column({ name: 'contact_email', type: 'varchar', length: 320 })
  contactEmail!: string;

  @Field(() => String, { nullable: true, description: "The contact person's phone number, if given." })
  @Column({ name: 'contact_phone', type: 'varchar', length: 40, nullable: true })
  contactPhone!: string | null;

  @Field(() => String, { description: "What the company's product is, in the applicant's words." })
  @Column({ name: 'product_summary', type: 'text' })
  productSummary!: string;

  @Field(() => String, { description: "The applicant's message to the program." })
  @Column({ type: 'text' })
  message!: string;

  @Field(() => [String], { description: 'The general requirements the applicant confirmed meeting, by id.' })
  @Column({ name: 'attested_requirement_ids', type: 'simple-json' })
  attestedRequirementIds!: string[];

  /** SHA-256 of the access token, hex: the token itself is shown once and never stored. */
  @Column({ name: 'access_token_hash', type: 'varchar', length: 64 })
  accessTokenHash!: string;

  @EditVersionField('Incremented on every change of status; send it back with one to detect conflicts.')
  version!: number;

  @Field(() => DateTimeISOResolver, { description: 'When the application was submitted.' })
  @Index('IDX_application_submitted_at')
  @CreateDateColumn(timestampColumn({ name: 'submitted_at' }))
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When the status last changed.' })
  @Column(timestampColumn({ name: 'status_changed_at' }))
  statusChangedAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it was first accepted or declined.' })
  @Column(timestampColumn({ name: 'decided_at', nullable: true }))
  decidedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it was accepted; null if it never was.' })
  @Column(timestampColumn({ name: 'accepted_at', nullable: true }))
  acceptedAt!: Date | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the company was onboarded as a partner; null until then.',
  })
  @Column(timestampColumn({ name: 'onboarded_at', nullable: true }))
  onboardedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: 'When anything about the application last changed.' })
  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
