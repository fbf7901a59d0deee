import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's object identification: every catalogue object can be fetched again by its global id. */
@InterfaceType('Node', { description: 'An object with a global id, fetchable with `node(id:)`.' })
export abstract class NodeInterface {
  @Field(() => ID, { name: 'id', description: 'Global, opaque id.' })
  readonly globalId!: string;
}
