import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { ID, InputType, ObjectType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';

@InputType('AuditLogFilter', { description: 'All given conditions must hold.' })
export class AuditLogFilterInput {
  @Nullable(() => String, 'Program, Category, Lab, Spec, User or HowToJoin.') entityType?: string | null;
  @Nullable(() => ID, "The entity's global id (or its database id).") entityId?: string | null;
  @Nullable(() => ID, 'The staff member (User id) who made the changes.') actorId?: string | null;
  @Nullable(() => DateTimeISOResolver, 'From this moment, inclusive.') from?: Date | null;
  @Nullable(() => DateTimeISOResolver, 'Before this moment.') to?: Date | null;
}

@ObjectType('FieldChange', { description: 'One field of an entity, before and after a change.' })
export class FieldChange {
  @NonNull(() => String, 'The name of the field.') field!: string;
  @Nullable(() => JSONResolver, 'The value before the change; null when it had none.') from!: unknown;
  @Nullable(() => JSONResolver, 'The value after the change; null when it has none.') to!: unknown;
}
