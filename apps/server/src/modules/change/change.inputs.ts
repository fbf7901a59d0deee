import { ID, InputType, Int } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';

/**
 * The base of every input that edits or deletes one row at a version: the row's id, named for its
 * type (`programId`, `labId`…), then the version the editor saw. type-graphql lists a base class's
 * fields first, so the id and the version keep their places in the schema; the id's name varies,
 * hence a base class per name (type-graphql's generic-type pattern) rather than one fixed class.
 */
export function VersionedEditInput<K extends string>(idField: K, idDescription: string) {
  // Never in the schema itself (type-graphql 2 emits only reachable types, so no `isAbstract`
  // option any more): its subclasses copy its fields.
  @InputType()
  abstract class VersionedEdit {}
  // Applied by hand, in the schema's order: the id's name is only known here.
  NonNull(() => ID, idDescription)(VersionedEdit.prototype, idField);
  NonNull(() => Int, 'The version you edited; a newer one gets CONFLICT.')(VersionedEdit.prototype, 'expectedVersion');
  return VersionedEdit as abstract new () => Record<K, string> & { expectedVersion: number };
}

/**
 * The bases of the create and update inputs of a row that has a name and a slug (a category, a
 * lab): `name` and `slug`, then what the row adds. The update input's base is a
 * `VersionedEditInput` with the row's id field.
 */
export function NamedRowInputs<K extends string>(idField: K, { row, name }: { row: string; name: string }) {
  @InputType()
  abstract class NewNamedRow {
    @NonNull(() => String, name) name!: string;
    @Nullable(() => String, 'The slug of the name when omitted.') slug?: string | null;
  }

  // The id's name is only known to the caller: typed after the class is made.
  const VersionedEdit = VersionedEditInput(idField, `The ${row} to change.`) as abstract new () => { expectedVersion: number };

  @InputType()
  abstract class NamedRowChanges extends VersionedEdit {
    @Nullable(() => String, 'The new name.') name?: string | null;
    @Nullable(() => String, 'Changing it breaks links to the old one.') slug?: string | null;
  }

  return {
    NewNamedRow,
    NamedRowChanges: NamedRowChanges as abstract new () => NamedRowChanges & Record<K, string>,
  };
}
