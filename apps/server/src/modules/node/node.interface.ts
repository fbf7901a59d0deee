import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';

/** Relay's object identification: every catalogue object can be fetched again by its global id. */
@InterfaceType('Node', { description: 'An object with a global id, fetchable with `node(id:)`.' })
export abstract class NodeInterface {
  // Not simple: the field is named `id`, but its value is the `globalId` getter's. A type that
  // implements Node takes this field, even where its fields are simple (`CatalogNodeType`).
  @Field(() => ID, { name: 'id', simple: false, description: 'Global, opaque id.' })
  readonly globalId!: string;
}

/**
 * The object type of a public catalogue entity held by the read model (category, program, lab,
 * spec): a `Node` whose plain columns resolve as plain reads, with no type-graphql wrapper per
 * field and row (see docs/benchmark.md).
 */
export function CatalogNodeType(name: string, description: string): ClassDecorator {
  return ObjectType(name, { simpleResolvers: true, implements: NodeInterface, description });
}
