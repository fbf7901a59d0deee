import type { ColumnOptions } from 'typeorm';

/**
 * The one place that knows how column types differ between the two databases. SQLite has no
 * `timestamptz` and PostgreSQL no `datetime` (typeorm#10140), so timestamp columns name their type
 * through a getter that TypeORM reads when a DataSource builds its entity metadata, after
 * `useDialect` ran.
 */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The dialect of the process's entity classes. It cannot belong to a DataSource: the column
 * options that entity decorators register live in TypeORM's one global metadata storage, and a
 * DataSource reads them while `initialize` awaits, with no way to tell the getter which DataSource
 * asks. So it is set once, by the first DataSource made, and a process that then makes one for the
 * other database is refused rather than given wrong column types.
 */
let entityDialect: Dialect | undefined;

export function useDialect(dialect: Dialect): void {
  if (entityDialect && entityDialect !== dialect)
    throw new Error(
      `This process already uses ${entityDialect} entities; one process serves one kind of database, not also ${dialect}.`,
    );
  entityDialect = dialect;
}

export function timestampType(dialect: Dialect = entityDialect ?? 'sqlite'): 'timestamptz' | 'datetime' {
  return dialect === 'postgres' ? 'timestamptz' : 'datetime';
}

/** Options for a timestamp column; never spread the result (the type getter must stay lazy). */
export function timestampColumn(options: ColumnOptions = {}): ColumnOptions {
  return Object.defineProperty({ ...options }, 'type', {
    enumerable: true,
    get: () => timestampType(),
  });
}

/** The default TypeORM gives creation and update timestamps, so migrations match the entities. */
export function currentTimestampDefault(dialect: Dialect): string {
  return dialect === 'postgres' ? 'now()' : "datetime('now')";
}

/** A boolean column default as each database spells it (SQLite has no boolean type: 0 and 1). */
export function booleanDefault(dialect: Dialect, value: boolean): boolean | number {
  return dialect === 'postgres' ? value : Number(value);
}

/** What a migration needs to write columns both databases understand. */
export function migrationColumns(queryRunner: { connection: { options: { type: string } } }) {
  const dialect: Dialect = queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const timestamp = timestampType(dialect);
  const now = currentTimestampDefault(dialect);
  return {
    dialect,
    timestamp,
    now,
    /** An auto-incremented integer primary key named `id`. */
    id: { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const },
    /** A creation or update timestamp defaulting to now, as TypeORM's date columns expect. */
    stamp: (name: string) => ({ name, type: timestamp, default: now }),
    boolean: (name: string, value: boolean) => ({ name, type: 'boolean', default: booleanDefault(dialect, value) }),
    /** A foreign key from `column` to the `id` of `table`. */
    foreignKey: (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT') => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete,
    }),
  };
}
