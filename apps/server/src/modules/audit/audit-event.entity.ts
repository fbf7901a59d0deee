import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';

/**
 * One recorded change: who or what made it, to which entity, and the fields before and after.
 * Events written together (one import, one bulk edit) share a batch id.
 */
@Entity('audit_event')
@Index('IDX_audit_event_entity', ['entityType', 'entityId'])
@Index('IDX_audit_event_batch', ['batchId'])
@ObjectType('AuditEvent', { description: 'One recorded change. Staff only.' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Changes made together (one import, one bulk edit) share it.' })
  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the change was made.' })
  @Index('IDX_audit_event_occurred_at')
  @CreateDateColumn(timestampColumn({ name: 'occurred_at' }))
  occurredAt!: Date;

  /**
   * When the change counts as made in the catalogue's history: `occurredAt`, except for an import
   * of a dated page version, whose changes count from the page's date. Null only on rows written
   * before the column existed, which the migration filled in.
   */
  @Field(() => DateTimeISOResolver, {
    description: 'When the change took effect: when it was made, or the date of the page version an import was dated with.',
  })
  @Index('IDX_audit_event_effective_at')
  @Column(timestampColumn({ name: 'effective_at', nullable: true }))
  effectiveAt!: Date;

  /** Who made the change, as shown: a user's email, `import`, `seed` or `system`. */
  @Field(() => String, { description: "The staff member's email, or import, seed, system, anonymous." })
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** The staff member who made the change; null for the system (imports, seeding). */
  @Index('IDX_audit_event_actor')
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  /** The HTTP request that made the change, to match it with the server's logs. */
  @Field(() => String, {
    nullable: true,
    description:
      'The id of the request that made the change, to quote when reporting a problem; null for changes made outside a request.',
  })
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  /** Why, as the staff member said. */
  @Field(() => String, { nullable: true, description: 'Why, as the staff member said; null when no reason was given.' })
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Field(() => String, { description: 'The kind of thing changed: Program, Category, Lab, Spec, User or HowToJoin.' })
  @Column({ name: 'entity_type', type: 'varchar', length: 50 })
  entityType!: string;

  @Field(() => String, { description: 'Database id of the entity (or the kind of page content).' })
  @Column({ name: 'entity_id', type: 'varchar', length: 100 })
  entityId!: string;

  @Field(() => String, { description: 'What happened, e.g. admission-status-changed, login, program-closed.' })
  @Column({ type: 'varchar', length: 50 })
  action!: string;

  @Field(() => String, { description: 'One line for people.' })
  @Column({ type: 'text' })
  summary!: string;

  /** Field-level before/after: `{ field: { from, to } }`. */
  @Column({ type: 'simple-json', nullable: true })
  changes!: Record<string, { from: unknown; to: unknown }> | null;
}
