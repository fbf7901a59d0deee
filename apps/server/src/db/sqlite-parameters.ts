import type { DataSource } from 'typeorm';

type Parameters = Record<string, unknown>;

interface EscapingDriver {
  escapeQueryWithParameters(sql: string, parameters: Parameters, nativeParameters: Parameters): [string, unknown[]];
}

/**
 * TypeORM's SQLite drivers write every number a query builder is given into the SQL text (so
 * `WHERE id = 7`, `VALUES (…, 3, …)`) instead of binding it, because better-sqlite3 binds a JS
 * number as a REAL (where `LIMIT ?` fails, and the number is no longer an integer). Each id then
 * makes a statement of its own: TypeORM's cache (100 statements per query runner, first in, first
 * out) never hits for them, and every write, audit read and lookup by id was prepared again (a
 * 10-minute soak prepared about 30,000 statements a minute, most of them seen once). A BigInt is
 * bound as an INTEGER, so integral numbers are handed over as BigInts here, the one place where
 * TypeORM turns a query builder's parameters into bound values: the text no longer depends on
 * the values, and the same integers reach SQLite. Other numbers (fractions, beyond 2^53) are
 * written into the text as before. PostgreSQL binds every value already and is left alone.
 */
export function bindIntegersOnSqlite(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver as unknown as EscapingDriver;
  const escapeAsTypeOrmDoes = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, nativeParameters) => {
    if (!parameters) return escapeAsTypeOrmDoes(sql, parameters, nativeParameters);
    const bound: Parameters = {};
    for (const [name, value] of Object.entries(parameters))
      bound[name] = Array.isArray(value) ? value.map(asInteger) : asInteger(value);
    return escapeAsTypeOrmDoes(sql, bound, nativeParameters);
  };
}

function asInteger(value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}
