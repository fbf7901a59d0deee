import { GraphQLInt, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution.js';

/** A schema whose fields wait until the test lets them go, counting how many run at once. */
function gatedSchema() {
  const state = { running: 0, mostAtOnce: 0, waiting: [] as (() => void)[] };
  const slow = async (value: number) => {
    state.running += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.running -= 1;
    return value;
  };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { answer: { type: GraphQLInt, resolve: () => slow(42) } },
    }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: { write: { type: GraphQLInt, resolve: () => slow(7) } },
    }),
  });
  return { schema, state };
}

async function executorOf(schema: GraphQLSchema, concurrency: number) {
  const gateway = compiledExecution(schema, concurrency);
  const { executor } = (await gateway.load({ apollo: { key: '', graphRef: '' } } as never)) as {
    executor: (request: unknown) => Promise<{ data?: unknown }>;
  };
  return (query: string) => {
    const document = parse(query);
    const operation = document.definitions[0] as { operation: string };
    return executor({ document, operation, request: { variables: {} }, context: {} });
  };
}

function releaseAll(waiting: (() => void)[]): void {
  for (const release of waiting.splice(0)) release();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('compiled execution', () => {
  it('runs at most its concurrency of queries at once, and every query in the end', async () => {
    const { schema, state } = gatedSchema();
    const run = await executorOf(schema, 2);
    const answers = Array.from({ length: 5 }, () => run('{ answer }'));
    await settle();
    expect(state.running).toBe(2);
    while (state.waiting.length > 0 || state.running > 0) {
      releaseAll(state.waiting);
      await settle();
    }
    expect(state.mostAtOnce).toBe(2);
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 5 }, () => ({ data: { answer: 42 } })));
  });

  it('never queues a mutation behind queries', async () => {
    const { schema, state } = gatedSchema();
    const run = await executorOf(schema, 1);
    const query = run('{ answer }');
    await settle();
    const write = run('mutation { write }');
    await settle();
    expect(state.running).toBe(2);
    releaseAll(state.waiting);
    expect(await write).toEqual({ data: { write: 7 } });
    expect(await query).toEqual({ data: { answer: 42 } });
  });
});
