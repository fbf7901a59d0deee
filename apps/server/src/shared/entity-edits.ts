import { randomUUID } from 'node:crypto';
import type { FieldSchema, FieldsIn } from '@certhub/domain/catalog-edit';
import { type DataSource, type EntityManager, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';
import { lockKeys } from '../db/transaction.js';
import { type AuditEventInput, fieldChanges } from '../modules/audit/audit.service.js';
import { inCatalogTransaction, recordChange } from '../modules/change/record-change.js';
import { badUserInput, conflict, notFound } from './errors.js';
import { type NodeTypeName, toGlobalId } from './global-id.js';
import { staleVersion, updateAtVersion } from './optimistic-update.js';
import { reorder } from './positions.js';
import type { AuditActor } from './request-context.js';
import { validInput } from './validation.js';

/**
 * The create/update/delete shape the catalogue's rows share (categories, labs, specs; programs
 * reuse the parts): unique values checked under a lock so the refusal can name the other row,
 * version-checked updates and deletes, no deletion of a row programs use, and one audit event
 * with the fields before and after for each change.
 */

type Versioned = ObjectLiteral & { id: number; version: number };

/** A value no two rows may share. */
export interface UniqueKey<T> {
  /** The input field a duplicate is blamed on, without `input.`. */
  field: string;
  where(row: T): FindOptionsWhere<T>;
  message(existing: T): string;
}

export function uniqueSlug<T extends { slug: string; name: string }>(noun: string): UniqueKey<T> {
  return {
    field: 'slug',
    where: (row) => ({ slug: row.slug }) as FindOptionsWhere<T>,
    message: (existing) => `The slug "${existing.slug}" is already used by the ${noun} "${existing.name}": choose another.`,
  };
}

/** How one kind of row is named, audited, kept unique and kept while in use. */
export interface EditableKind<T extends Versioned> {
  entity: new () => T;
  typeName: NodeTypeName;
  /** What the audit trail records of a row and a CONFLICT shows (with the version). */
  fields: readonly (keyof T & string)[];
  label(row: T): string;
  unique: UniqueKey<T>;
  /** Names of the programs, closed ones too, that use the row: it is not deleted while there are any. */
  usedBy(manager: EntityManager, id: number): Promise<string[]>;
  /** What to do before deleting a row in use, e.g. "Move them to another category first." */
  inUseAdvice: string;
}

const nounOf = (typeName: NodeTypeName) => typeName.toLowerCase();

/**
 * Keys for `lockKeys`: an edit locks what it reads to decide a write. A row is locked by whoever
 * deletes it or links a program to it; a unique field by whoever checks a value of it.
 */
export const lockKey = {
  row: (typeName: NodeTypeName, id: number) => `${typeName}:${id}`,
  unique: (typeName: NodeTypeName, field: string) => `${typeName}.${field}`,
};

/** How a CONFLICT shows the row as it is now: the audited fields and the version. */
export function versioning<T extends Versioned>(kind: Pick<EditableKind<T>, 'typeName' | 'fields'>) {
  return {
    typeName: nounOf(kind.typeName),
    toPublic: (row: T): Record<string, unknown> =>
      Object.fromEntries([...kind.fields, 'version'].map((field) => [field, row[field]])),
  };
}

export async function getRow<T extends Versioned>(
  manager: EntityManager,
  kind: Pick<EditableKind<T>, 'entity' | 'typeName'>,
  id: number,
  field = `input.${nounOf(kind.typeName)}Id`,
): Promise<T> {
  const row = await manager.findOneBy(kind.entity, { id } as FindOptionsWhere<T>);
  if (!row) throw notFound(`No ${nounOf(kind.typeName)} has this id.`, field);
  return row;
}

/**
 * The rows a program is to link to, in the order given, locked against deletion until the
 * transaction ends. A repeated id is BAD_USER_INPUT, an unknown one NOT_FOUND, both naming `field`.
 */
export async function getRowsToLink<T extends Versioned>(
  manager: EntityManager,
  kind: Pick<EditableKind<T>, 'entity' | 'typeName'>,
  ids: readonly number[],
  field: string,
): Promise<T[]> {
  if (new Set(ids).size !== ids.length) throw badUserInput(`List each ${nounOf(kind.typeName)} once.`, field);
  if (!ids.length) return [];
  await lockKeys(
    manager,
    ids.map((id) => lockKey.row(kind.typeName, id)),
  );
  const rows = await manager.findBy(kind.entity, { id: In([...ids]) } as FindOptionsWhere<T>);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound(`No ${nounOf(kind.typeName)} has the id "${toGlobalId(kind.typeName, id)}".`, field);
    return row;
  });
}

export async function getRowToLink<T extends Versioned>(
  manager: EntityManager,
  kind: Pick<EditableKind<T>, 'entity' | 'typeName'>,
  id: number,
  field: string,
): Promise<T> {
  const [row] = await getRowsToLink(manager, kind, [id], field);
  return row as T;
}

/** Refuses with CONFLICT a row whose unique value another row has. */
export async function refuseDuplicate<T extends Versioned>(
  manager: EntityManager,
  kind: Pick<EditableKind<T>, 'entity' | 'typeName' | 'unique'>,
  candidate: T,
): Promise<void> {
  await lockKeys(manager, [lockKey.unique(kind.typeName, kind.unique.field)]);
  const existing = await manager.findOneBy(kind.entity, kind.unique.where(candidate));
  if (existing && existing.id !== candidate.id) {
    throw conflict(kind.unique.message(existing), { field: `input.${kind.unique.field}` });
  }
}

/** One audit event of a staff edit; each edit is its own batch unless given one. */
export function auditEvent(
  by: AuditActor,
  entity: { typeName: NodeTypeName | 'HowToJoin'; id: number | string },
  event: Pick<AuditEventInput, 'action' | 'summary' | 'changes'> & { reason?: string | null; batchId?: string },
): AuditEventInput {
  return {
    ...by,
    batchId: event.batchId ?? randomUUID(),
    reason: event.reason ?? null,
    entityType: entity.typeName,
    entityId: String(entity.id),
    action: event.action,
    summary: event.summary,
    changes: event.changes,
  };
}

/**
 * Puts a list's rows (`current`, in their order now) in the order of `ids`, refused as `reorder`
 * refuses a list that is not the same rows, and, when the order changed, records it as one audit
 * event on `on`: the rows' names before and after, under `key`, and in the summary.
 */
export async function reorderAndRecord<T extends { id: number; position: number; version: number; name: string }>(
  manager: EntityManager,
  by: AuditActor,
  list: { entity: new () => T; current: T[]; ids: readonly number[]; field: string; noun: string; of: string },
  event: { on: { typeName: NodeTypeName | 'HowToJoin'; id: number | string }; action: string; summary: string; key: string },
): Promise<void> {
  const { entity, current, ids, ...check } = list;
  const ordered = await reorder(manager, entity, current, ids, check);
  if (ordered.every((row, index) => row === current[index])) return;
  const names = (rows: T[]) => rows.map((row) => row.name);
  await recordChange(manager, {
    audit: [
      auditEvent(by, event.on, {
        action: event.action,
        summary: `${event.summary}: ${names(ordered).join(', ')}`,
        changes: { [event.key]: { from: names(current), to: names(ordered) } },
      }),
    ],
  });
}

/** The before/after of a row created (from nothing) or deleted (to nothing); empty fields are left out. */
export function wholeRowChanges<T extends Record<string, unknown>>(
  fields: readonly (keyof T & string)[],
  row: { created: T } | { deleted: T },
): Record<string, { from: unknown; to: unknown }> {
  const nothing = Object.fromEntries(fields.map((field) => [field, null])) as T;
  return 'created' in row ? fieldChanges(nothing, row.created, fields) : fieldChanges(row.deleted, nothing, fields);
}

export async function createRow<T extends Versioned>(
  manager: EntityManager,
  kind: EditableKind<T>,
  values: Partial<T>,
  by: AuditActor,
): Promise<T> {
  const candidate = manager.create(kind.entity, values as T);
  await refuseDuplicate(manager, kind, candidate);
  const created = await manager.save(candidate);
  await recordChange(manager, {
    audit: [
      auditEvent(
        by,
        { typeName: kind.typeName, id: created.id },
        {
          action: `${nounOf(kind.typeName)}-created`,
          summary: `Created the ${nounOf(kind.typeName)} "${kind.label(created)}"`,
          changes: wholeRowChanges(kind.fields, { created }),
        },
      ),
    ],
  });
  return created;
}

/**
 * Applies `changes` to the row at `expectedVersion`. Changes that change nothing write nothing,
 * but a stale version is still a CONFLICT: the editor was looking at an old row.
 */
export async function updateRow<T extends Versioned>(
  manager: EntityManager,
  kind: EditableKind<T>,
  id: number,
  expectedVersion: number,
  changes: Partial<T>,
  by: AuditActor,
): Promise<T> {
  const before = await getRow(manager, kind, id);
  const changed = fieldChanges(before, { ...before, ...changes }, kind.fields);
  if (!Object.keys(changed).length) {
    if (before.version !== expectedVersion) throw staleVersion(before, expectedVersion, versioning(kind));
    return before;
  }
  await refuseDuplicate(manager, kind, { ...before, ...changes });
  const after = await updateAtVersion(manager, kind.entity, id, expectedVersion, changes, versioning(kind));
  await recordChange(manager, {
    audit: [
      auditEvent(
        by,
        { typeName: kind.typeName, id },
        {
          action: `${nounOf(kind.typeName)}-updated`,
          summary: `Updated the ${nounOf(kind.typeName)} "${kind.label(after)}": ${Object.keys(changed).join(', ')}`,
          changes: changed,
        },
      ),
    ],
  });
  return after;
}

/** How many programs a refusal to delete names in its message; `inUseBy` lists them all. */
const MAX_NAMED = 10;

/** Deletes the row at `expectedVersion`; refused with CONFLICT, naming them, while programs use it. */
export async function deleteRow<T extends Versioned>(
  manager: EntityManager,
  kind: EditableKind<T>,
  id: number,
  expectedVersion: number,
  by: AuditActor,
): Promise<T> {
  await lockKeys(manager, [lockKey.row(kind.typeName, id)]);
  const row = await getRow(manager, kind, id);
  if (row.version !== expectedVersion) throw staleVersion(row, expectedVersion, versioning(kind));
  const users = await kind.usedBy(manager, id);
  if (users.length) {
    const named =
      users.length > MAX_NAMED
        ? `${users.slice(0, MAX_NAMED).join(', ')} and ${users.length - MAX_NAMED} more`
        : users.join(', ');
    const count = users.length === 1 ? '1 program uses' : `${users.length} programs use`;
    throw conflict(`${count} this ${nounOf(kind.typeName)}: ${named}. ${kind.inUseAdvice}`, {
      field: `input.${nounOf(kind.typeName)}Id`,
      inUseBy: users,
    });
  }
  const { affected } = await manager.delete(kind.entity, { id, version: expectedVersion } as FindOptionsWhere<T>);
  if (!affected) throw staleVersion(await getRow(manager, kind, id), expectedVersion, versioning(kind));
  await recordChange(manager, {
    audit: [
      auditEvent(
        by,
        { typeName: kind.typeName, id },
        {
          action: `${nounOf(kind.typeName)}-deleted`,
          summary: `Deleted the ${nounOf(kind.typeName)} "${kind.label(row)}"`,
          changes: wholeRowChanges(kind.fields, { deleted: row }),
        },
      ),
    ],
  });
  return row;
}

/**
 * Staff edits of one kind of row, each validated with the domain's schemas and made in one
 * transaction. Kinds with more to do around a write (positions) override `insert` or `remove`.
 */
export class RowEditService<T extends Versioned, New extends FieldSchema, Changes extends FieldSchema> {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly kind: EditableKind<T>,
    private readonly schemas: { create: New; update: Changes },
  ) {}

  create(input: FieldsIn<New>, by: AuditActor): Promise<T> {
    const fields = validInput(this.schemas.create, input) as Partial<T>;
    return inCatalogTransaction(this.dataSource, (manager) => this.insert(manager, fields, by));
  }

  update(id: number, expectedVersion: number, input: FieldsIn<Changes>, by: AuditActor): Promise<T> {
    const changes = validInput(this.schemas.update, input) as Partial<T>;
    return inCatalogTransaction(this.dataSource, (manager) => updateRow(manager, this.kind, id, expectedVersion, changes, by));
  }

  delete(id: number, expectedVersion: number, by: AuditActor): Promise<T> {
    return inCatalogTransaction(this.dataSource, (manager) => this.remove(manager, id, expectedVersion, by));
  }

  protected insert(manager: EntityManager, fields: Partial<T>, by: AuditActor): Promise<T> {
    return createRow(manager, this.kind, fields, by);
  }

  protected remove(manager: EntityManager, id: number, expectedVersion: number, by: AuditActor): Promise<T> {
    return deleteRow(manager, this.kind, id, expectedVersion, by);
  }
}
