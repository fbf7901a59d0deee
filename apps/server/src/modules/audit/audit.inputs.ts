import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType('AuditLogFilter', { description: 'All given conditions must hold.' })
export class AuditLogFilterInput {
  @Field(() => String, { nullable: true, description: 'Program, Category, Lab, Spec, User or HowToJoin.' })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: "The entity's global id (or its database id)." })
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The staff member (User id) who made the changes.' })
  actorId?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'From this moment, inclusive.' })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Before this moment.' })
  to?: Date | null;
}

@ObjectType('FieldChange', { description: 'One field of an entity, before and after a change.' })
export class FieldChange {
  @Field(() => String, { description: 'The name of the field.' })
  field!: string;

  @Field(() => JSONResolver, { nullable: true, description: 'The value before the change; null when it had none.' })
  from!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The value after the change; null when it has none.' })
  to!: unknown;
}
