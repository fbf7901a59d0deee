import { StaffRole } from '@certhub/domain/staff';
import { type ClassType, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context, Services } from '../context.js';
import { RequireRole } from './auth.js';
import { expectInputId, type NodeTypeName, toGlobalId } from './global-id.js';
import { type AuditActor, auditActorOf } from './request-context.js';
import { InputArg } from './schema-fields.js';

/** The staff edits of one kind of catalogue row, as `RowEditService` (entity-edits.ts) makes them. */
interface RowEdits<T> {
  create(input: never, by: AuditActor): Promise<T>;
  update(id: number, expectedVersion: number, input: never, by: AuditActor): Promise<T>;
  delete(id: number, expectedVersion: number, by: AuditActor): Promise<unknown>;
}

/** The id field of a row's update and delete inputs: `labId` for a Lab. */
type IdField<N extends string> = `${Uncapitalize<N>}Id`;
type VersionedInput<N extends string> = Record<IdField<N>, string> & { expectedVersion: number };

export interface RowEditMutations<T extends object, N extends NodeTypeName> {
  /** What the row is called in the descriptions of the inputs (`The new <noun>.`); the type's name in lower case when omitted. */
  noun?: string;
  edits: (services: Services) => RowEdits<T>;
  /** The inputs of creating, updating and deleting one. */
  inputs: [ClassType<object>, ClassType<VersionedInput<N>>, ClassType<VersionedInput<N>>];
  /** The descriptions of the three mutations, in the schema. */
  created: string;
  updated: string;
  deleted: string;
}

/**
 * The base of a resolver whose type editors create, update and delete one row at a time (a
 * category, a lab, a spec): the three mutations, editors only, each parsing the row's global id
 * and handing over to the row's edit service. A resolver extends it and adds its own queries and
 * fields (type-graphql's resolver inheritance). `typeName` is the entity's GraphQL type: the
 * mutations are `create<Type>`, `update<Type>` and `delete<Type>`.
 */
export function RowEditResolver<T extends object, N extends NodeTypeName>(
  entity: ClassType<T>,
  typeName: N,
  row: RowEditMutations<T, N>,
) {
  const { edits, inputs } = row;
  const [CreateInput, UpdateInput, DeleteInput] = inputs;
  const noun = row.noun ?? typeName.toLowerCase();
  const idField = `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}Id` as IdField<N>;
  const idOf = (input: VersionedInput<N>) => expectInputId(input, idField, typeName);

  @Resolver()
  abstract class RowEdit {
    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => entity, { name: `create${typeName}`, description: row.created })
    createRow(@Ctx() context: Context, @InputArg(() => CreateInput, `The new ${noun}.`) input: object): Promise<T> {
      return edits(context.services).create(input as never, auditActorOf(context));
    }

    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => entity, { name: `update${typeName}`, description: row.updated })
    updateRow(
      @Ctx() context: Context,
      @InputArg(() => UpdateInput, `The ${noun} and what to change.`) input: VersionedInput<N>,
    ): Promise<T> {
      return edits(context.services).update(idOf(input), input.expectedVersion, input as never, auditActorOf(context));
    }

    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => ID, { name: `delete${typeName}`, description: row.deleted })
    async deleteRow(
      @Ctx() context: Context,
      @InputArg(() => DeleteInput, `The ${noun} to delete.`) input: VersionedInput<N>,
    ): Promise<string> {
      const id = idOf(input);
      await edits(context.services).delete(id, input.expectedVersion, auditActorOf(context));
      return toGlobalId(typeName, id);
    }
  }
  return RowEdit;
}
