import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FieldChange } from '../audit/audit.inputs.js';

@ObjectType('CatalogChange', { description: 'One change to the public catalogue, as a mirror needs it to stay in sync.' })
export class CatalogChange {
  @Field(() => String, { description: 'Pass it as `after` to read the changes that follow.' })
  cursor!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the change was made.' })
  occurredAt!: Date;

  @Field(() => String, {
    description: 'Program, Category, Lab, Spec, or HowToJoin (requirements, steps, notes, category order).',
  })
  entityType!: string;

  @Field(() => ID, { description: "The entity's global id (for HowToJoin: which content changed)." })
  entityId!: string;

  @Field(() => String, { description: 'What happened, e.g. admission-status-changed, program-created, program-closed.' })
  action!: string;

  @Field(() => String, { description: 'One line for people.' })
  summary!: string;

  @Field(() => [FieldChange], { description: 'Public fields before and after (staff-only fields are left out).' })
  changes!: FieldChange[];
}

@ObjectType('CatalogChangePage', { description: 'Changes in the order they were made; keep `endCursor` to continue later.' })
export class CatalogChangePage {
  @Field(() => [CatalogChange], { description: 'The changes, oldest first.' })
  changes!: CatalogChange[];

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last change listed (or the one given, when none is new).',
  })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;

  @Field(() => Int, { description: 'The page size used.' })
  first!: number;
}
