import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLSchema,
  getVariableValues,
  type OperationDefinitionNode,
  printSchema,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import pLimit from 'p-limit';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];

/** Compiled queries kept per parsed document (Apollo keeps parsed documents in a bounded store, by query text). */
const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | null>>();

/**
 * Apollo Server's executor hook (a `gateway` that only loads our own schema) running queries with
 * graphql-jit: each query is compiled once into a function that walks its selection set directly,
 * instead of graphql-js interpreting the document for every field of every row. A 2,000-program
 * catalogue is some 40,000 fields: the interpretation was most of the executed path's CPU (see
 * docs/benchmark.md). Mutations, subscriptions, and any request whose variables do not coerce run
 * on graphql-js as before, so their order of effects and their error messages stay graphql-js's own.
 *
 * At most `concurrency` queries execute at once; the others wait their turn (EXECUTION_CONCURRENCY).
 * Execution is CPU work on one thread, so running more side by side adds no throughput, only memory:
 * each query's rows and answer stay alive until it ends, and ten signed-in staff reads of 2,000
 * programs interleaved peaked at 359 MB. Mutations are not queued: a write must never wait behind
 * reads, and on SQLite writes already take turns.
 */
export function compiledExecution(schema: GraphQLSchema, concurrency: number): Gateway {
  const inTurn = pLimit(concurrency);
  return {
    async load() {
      return {
        executor: async ({ document, operation, operationName, request, context }) => {
          const variables = request.variables ?? {};
          if (operation.operation !== 'query') {
            return execute({ schema, document, operationName, contextValue: context, variableValues: variables });
          }
          return inTurn(async () => {
            const query = compiledQuery(schema, document, operation, variables);
            if (query) return (await query.query(undefined, context, variables)) as ExecutionResult;
            return execute({ schema, document, operationName, contextValue: context, variableValues: variables });
          });
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

function compiledQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): CompiledQuery | null {
  const operationName = operation.name?.value ?? null;
  let byOperation = compiled.get(document);
  if (!byOperation) {
    byOperation = new Map();
    compiled.set(document, byOperation);
  }
  let query = byOperation.get(operationName);
  if (query === undefined) {
    const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    query = isCompiledQuery(result) ? result : null;
    byOperation.set(operationName, query);
  }
  if (!query) return null;
  // graphql-js's coercion decides, with its messages, whether the variables are acceptable.
  if (operation.variableDefinitions?.length && getVariableValues(schema, operation.variableDefinitions, variables).errors) {
    return null;
  }
  return query;
}
