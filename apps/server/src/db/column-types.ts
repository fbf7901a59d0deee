import type { ColumnOptions } from 'typeorm';

/**
 * The one place that knows how column types differ between the two databases. SQLite has no
 * `timestamptz` and PostgreSQL no `datetime` (typeorm#10140), so timestamp columns name their type
 * through a getter that TypeORM reads when the DataSource is built, after `useDialect` ran.
 */
export type Dialect = 'sqlite' | 'postgres';

let activeDialect: Dialect = 'sqlite';

export function useDialect(dialect: Dialect): void {
  activeDialect = dialect;
}

export function timestampType(dialect: Dialect = activeDialect): 'timestamptz' | 'datetime' {
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
