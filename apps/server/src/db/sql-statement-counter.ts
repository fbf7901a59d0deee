import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'typeorm';
import { logger } from '../shared/logger.js';

/**
 * Counts the SQL statements run inside `countStatements(fn)`, even when requests interleave. The
 * query-count test and the benchmark use it to prove that batching keeps a request's statement
 * count independent of the number of rows.
 */
const scope = new AsyncLocalStorage<{ count: number }>();

export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const tally = { count: 0 };
  const result = await scope.run(tally, fn);
  return { result, statements: tally.count };
}

export function runWithStatementTally<T>(tally: { count: number }, fn: () => T): T {
  return scope.run(tally, fn);
}

export function currentStatementTally(): { count: number } | undefined {
  return scope.getStore();
}

export class StatementCountingLogger implements Logger {
  logQuery(): void {
    const tally = scope.getStore();
    if (tally) tally.count += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    logger.error({ query }, `SQL error: ${error instanceof Error ? error.message : error}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (process.env.NODE_ENV !== 'test') logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn(String(message));
  }
}
