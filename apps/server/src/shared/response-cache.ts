import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, type GraphQLRequestContext, HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context } from '../context.js';
import { readCatalogRevision } from '../modules/catalog-revision/catalog-revision.js';

export interface ResponseCacheOptions {
  dataSource: DataSource;
  /** Responses kept at most; the least recently used go first. */
  maxEntries: number;
}

/**
 * Answers repeated anonymous queries from memory. Entries are keyed by the catalogue revision
 * (read with one cheap statement per request), which every public change moves inside its own
 * transaction, so a change is visible to the next request, whichever process made it. Staff
 * requests, mutations and answers with errors are never cached or served from the cache.
 */
export function responseCachePlugin({ dataSource, maxEntries }: ResponseCacheOptions): ApolloServerPlugin<Context> {
  const entries = new Map<string, FormattedExecutionResult>();
  const keys = new WeakMap<GraphQLRequestContext<Context>, string>();

  const remember = (key: string, result: FormattedExecutionResult) => {
    entries.delete(key);
    entries.set(key, result);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          if (requestContext.operation.operation !== 'query' || requestContext.contextValue.actor) return null;
          const revision = await readCatalogRevision(dataSource);
          const key = cacheKey(revision, requestContext);
          keys.set(requestContext, key);
          const cached = entries.get(key);
          if (!cached) return null;
          remember(key, cached);
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: cached } };
        },
        async willSendResponse(requestContext) {
          const key = keys.get(requestContext);
          const { body } = requestContext.response;
          if (!key || body.kind !== 'single' || body.singleResult.errors || entries.has(key)) return;
          // An applicant's own application (trackApplication) is never kept: only its token holder may see it.
          if (requestContext.contextValue.privateAnswer) return;
          remember(key, body.singleResult);
        },
      };
    },
  };
}

function cacheKey(revision: number, { request, queryHash }: GraphQLRequestContext<Context>): string {
  const variables = createHash('sha256')
    .update(JSON.stringify(request.variables ?? {}))
    .digest('base64url');
  return `${revision}:${queryHash}:${request.operationName ?? ''}:${variables}`;
}
