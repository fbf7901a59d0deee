import { createContext } from '../context.js';
import { countStatements } from '../db/sql-statement-counter.js';
import { sessionTokenOf } from '../platform/session/session.service.js';
import type { TestClient, TestServer } from './test-server.js';

/**
 * Runs an operation in the server's process as `caller` would send it (a staff client's session,
 * or none), but with the read model out of the way: every catalogue field read from the database,
 * entity by entity, through the loaders. What the model's answers are checked against, byte for
 * byte, and how the database path's batching is counted.
 */
export async function throughDatabase(
  server: TestServer,
  query: string,
  { variables, caller }: { variables?: Record<string, unknown>; caller?: TestClient } = {},
): Promise<{ data: string; errors: unknown; statements: number }> {
  const { result, statements } = await countStatements(async () => {
    const context = await createContext(server.services, {
      request: { requestId: 'database-path', ip: null, userAgent: null },
      sessionToken: sessionTokenOf(caller?.cookie, false),
      sessionCookie: { set: () => {}, clear: () => {} },
    });
    context.publicCatalog = async () => null;
    const response = await server.apollo.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('An incremental answer.');
    return response.body.singleResult;
  });
  return { data: JSON.stringify(result.data), errors: result.errors, statements };
}
