import type { SqliteConnection } from '../db/database.js';

/**
 * Counts the statements prepared on a better-sqlite3 connection from now on (each `prepare` is a
 * parse and plan in SQLite), until `stop()`; the count is read with `count()`.
 */
export function countPrepares(connection: SqliteConnection): { count(): number; stop(): void } {
  const prepare = connection.prepare;
  let count = 0;
  connection.prepare = function (this: SqliteConnection, sql: string) {
    count++;
    return prepare.call(this, sql);
  };
  return {
    count: () => count,
    stop: () => {
      connection.prepare = prepare;
    },
  };
}
