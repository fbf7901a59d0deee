import { Field, ID, ObjectType } from 'type-graphql';
import { PrimaryGeneratedColumn } from 'typeorm';
import { type NodeTypeName, toGlobalId } from './global-id.js';

/** What every entity with a global id has: its integer key, and that key as the opaque id GraphQL shows. */
export interface WithGlobalId {
  id: number;
  readonly globalId: string;
}

/**
 * The base class of an entity whose rows GraphQL names by global id (`toGlobalId`): the integer
 * primary key `id`, and the field `id` whose value is `globalId`. TypeORM and type-graphql both take
 * a base class's members (its column and field come first, as when each entity declared them).
 * A `Node` type's `id` is the interface's field, which reads the same getter.
 */
export function GlobalIdEntity(type: NodeTypeName, description = 'Global, opaque id.'): abstract new () => WithGlobalId {
  @ObjectType()
  abstract class GlobalIdRow implements WithGlobalId {
    @PrimaryGeneratedColumn({ type: 'integer' })
    id!: number;

    // Not simple: the field is named `id`, but its value is this getter's.
    @Field(() => ID, { name: 'id', simple: false, description })
    get globalId(): string {
      return toGlobalId(type, this.id);
    }
  }
  return GlobalIdRow;
}
