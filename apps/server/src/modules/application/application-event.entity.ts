import { ApplicationActor, ApplicationStatus } from '@certhub/domain/application';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo } from '../../shared/field-columns.js';
import { ApplicationEntity } from './application.entity.js';
import { ApplicationEventKind } from './application.enums.js';

/**
 * One entry of an application's timeline: a change of status, a message between staff and the
 * applicant, or an internal note. `vendorVisible` decides what the applicant sees.
 */
@Entity('application_event')
@Index('IDX_application_event_application', ['applicationId', 'occurredAt'])
@ObjectType('ApplicationEvent', { description: "An entry of an application's timeline, as staff see it." })
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId!: number;

  @BelongsTo(() => ApplicationEntity, 'application_id', 'CASCADE')
  application?: Relation<ApplicationEntity>;

  @Field(() => ApplicationEventKind, { description: 'Whether the entry is a change of status, a message or an internal note.' })
  @Column({ type: 'varchar', length: 16 })
  kind!: ApplicationEventKind;

  @Field(() => ApplicationActor, { description: 'Who wrote the entry: staff or the applicant.' })
  @Column({ type: 'varchar', length: 16 })
  author!: ApplicationActor;

  /** The staff member who wrote it; null for the applicant. */
  @Column({ name: 'author_user_id', type: 'integer', nullable: true })
  authorUserId!: number | null;

  @Field(() => String, { nullable: true, description: "The staff member's email; null for the applicant." })
  @Column({ name: 'author_name', type: 'varchar', length: 320, nullable: true })
  authorName!: string | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'For a change of status; null for the first one.' })
  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'For a change of status.' })
  @Column({ name: 'to_status', type: 'varchar', length: 32, nullable: true })
  toStatus!: ApplicationStatus | null;

  @Field(() => String, { nullable: true, description: 'The message or note.' })
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Field(() => Boolean, { description: 'Whether the applicant sees it.' })
  @Column({ name: 'vendor_visible', type: 'boolean' })
  vendorVisible!: boolean;

  @Field(() => DateTimeISOResolver, { description: 'When it happened.' })
  @CreateDateColumn(timestampColumn({ name: 'occurred_at' }))
  occurredAt!: Date;
}
