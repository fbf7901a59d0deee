import { StaffRole } from '@certhub/domain/staff';
import { Arg, type ClassType, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context, Services } from '../context.js';
import { RequireRole } from './auth.js';
import { expectGlobalId, type NodeTypeName, toGlobalId } from './global-id.js';
import { type AuditActor, auditActorOf } from './request-context.js';

/** The staff edits of one kind of catalogue row, as `RowEditService` (entity-edits.ts) makes them. */
interface RowEdits<T> {
  create(input: never, by: AuditActor): Promise<T>;
  update(id: number, expectedVersion: number, input: never, by: AuditActor): Promise<T>;
  delete(id: number, expectedVersion: number, by: AuditActor): Promise<unknown>;
}

export interface RowEditMutations<T extends object, K extends string> {
  /** The GraphQL type: the mutations are `create<Type>`, `update<Type>`, `delete<Type>`. */
  typeName: NodeTypeName;
  entity: ClassType<T>;
  /** The id field of the update and delete inputs (`labId`). */
  idField: K;
  edits: (services: Services) => RowEdits<T>;
  inputs: {
    create: ClassType<object>;
    update: ClassType<Record<K, string> & { expectedVersion: number }>;
    delete: ClassType<Record<K, string> & { expectedVersion: number }>;
  };
  /** The schema's descriptions: of each mutation, then of its `input` argument. */
  descriptions: {
    create: [string, string];
    update: [string, string];
    delete: [string, string];
  };
}

/**
 * The base of a resolver whose type editors create, update and delete one row at a time (a
 * category, a lab, a spec): the three mutations, editors only, each parsing the row's global id
 * and handing over to the row's edit service. A resolver extends it and adds its own queries and
 * fields (type-graphql's resolver inheritance).
 */
export function RowEditResolver<T extends object, K extends string>(row: RowEditMutations<T, K>) {
  const { typeName, entity, idField, edits, inputs, descriptions } = row;
  const idOf = (input: Record<K, string>) => expectGlobalId(input[idField], typeName, `input.${idField}`);

  @Resolver()
  abstract class RowEdit {
    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => entity, { name: `create${typeName}`, description: descriptions.create[0] })
    createRow(
      @Ctx() context: Context,
      @Arg('input', () => inputs.create, { description: descriptions.create[1] }) input: object,
    ): Promise<T> {
      return edits(context.services).create(input as never, auditActorOf(context));
    }

    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => entity, { name: `update${typeName}`, description: descriptions.update[0] })
    updateRow(
      @Ctx() context: Context,
      @Arg('input', () => inputs.update, { description: descriptions.update[1] })
      input: Record<K, string> & { expectedVersion: number },
    ): Promise<T> {
      return edits(context.services).update(idOf(input), input.expectedVersion, input as never, auditActorOf(context));
    }

    @RequireRole(StaffRole.EDITOR)
    @Mutation(() => ID, { name: `delete${typeName}`, description: descriptions.delete[0] })
    async deleteRow(
      @Ctx() context: Context,
      @Arg('input', () => inputs.delete, { description: descriptions.delete[1] })
      input: Record<K, string> & { expectedVersion: number },
    ): Promise<string> {
      const id = idOf(input);
      await edits(context.services).delete(id, input.expectedVersion, auditActorOf(context));
      return toGlobalId(typeName, id);
    }
  }
  return RowEdit;
}
