import { DateTimeISOResolver } from 'graphql-scalars';
import { ID, Int, ObjectType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { FieldChange } from '../audit/audit.inputs.js';

@ObjectType('CatalogChange', { description: 'One change to the public catalogue, as a mirror needs it to stay in sync.' })
export class CatalogChange {
  @NonNull(() => String, 'Pass it as `after` to read the changes that follow.') cursor!: string;
  @NonNull(() => DateTimeISOResolver, 'When the change was made.') occurredAt!: Date;

  @NonNull(() => String, 'Program, Category, Lab, Spec, or HowToJoin (requirements, steps, notes, category order).')
  entityType!: string;

  @NonNull(() => ID, "The entity's global id (for HowToJoin: which content changed).") entityId!: string;
  @NonNull(() => String, 'What happened, e.g. admission-status-changed, program-created, program-closed.') action!: string;
  @NonNull(() => String, 'One line for people.') summary!: string;
  @NonNull(() => [FieldChange], 'Public fields before and after (staff-only fields are left out).') changes!: FieldChange[];
}

@ObjectType('CatalogChangePage', { description: 'Changes in the order they were made; keep `endCursor` to continue later.' })
export class CatalogChangePage {
  @NonNull(() => [CatalogChange], 'The changes, oldest first.') changes!: CatalogChange[];
  @Nullable(() => String, 'The cursor of the last change listed (or the one given, when none is new).') endCursor!: string | null;
  @NonNull(() => Boolean, 'Whether more changes follow already.') hasMore!: boolean;
  @NonNull(() => Int, 'The page size used.') first!: number;
}
