import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * How the database would run `sql`, as one line: SQLite's `EXPLAIN QUERY PLAN` details, or
 * PostgreSQL's `EXPLAIN`. A test database has no statistics on PostgreSQL (nothing analyses it), as
 * on a server with autovacuum off: the planner then guesses from the table's size alone.
 */
export async function queryPlan(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<string> {
  if (runner.connection.options.type === 'postgres') {
    const rows = (await runner.query(`EXPLAIN ${sql}`, parameters)) as Array<{ 'QUERY PLAN': string }>;
    return rows.map((row) => row['QUERY PLAN'].trim()).join('; ');
  }
  const rows = (await runner.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{ detail: string }>;
  return rows.map((row) => row.detail).join('; ');
}

/**
 * A plan that reads a whole table (SQLite's SCAN, PostgreSQL's Seq Scan) or sorts in a temporary
 * B-tree: a statement whose cost grows with its table.
 */
export const READS_WHOLE_TABLE = /\bSCAN\b|TEMP B-TREE|Seq Scan/;

/**
 * Runs `use` with `table` grown by `count` copies of its first row (`columns`: every column but
 * the id; `numbered`: those of them that must differ from row to row, such as a unique reference,
 * copied with the copy's number appended), in a transaction rolled back after: a table of a
 * long-running server's size, for a plan, leaving the test's data as it was.
 */
export async function withGrownTable<T>(
  dataSource: DataSource,
  {
    table,
    columns,
    count,
    numbered = [],
  }: { table: string; columns: readonly string[]; count: number; numbered?: readonly string[] },
  use: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    const list = columns.join(', ');
    const copied = (column: string) =>
      numbered.includes(column) ? `source_row.${column} || '-' || n.i` : `source_row.${column}`;
    await runner.query(
      `INSERT INTO ${table} (${list})
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
       SELECT ${columns.map(copied).join(', ')}
       FROM ${table} source_row CROSS JOIN n WHERE source_row.id = (SELECT MIN(id) FROM ${table})`,
    );
    return await use(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

interface PostgresPlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PostgresPlanNode[];
}

/**
 * How PostgreSQL ran `sql` (`EXPLAIN (ANALYZE, BUFFERS)`; it runs the statement): its plan's nodes,
 * top first, each with the index it read (`Index Scan IDX_x`), and the shared buffers it touched,
 * from the cache or not: the pages it read, which is what grows when a read steps over dead rows.
 */
export async function analyzedPlan(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<{ nodes: string[]; sharedBuffers: number }> {
  const [row] = (await manager.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters)) as Array<{
    'QUERY PLAN': Array<{ Plan: PostgresPlanNode }>;
  }>;
  const plan = row?.['QUERY PLAN'][0]?.Plan;
  if (!plan) throw new Error('EXPLAIN gave no plan');
  const nodes: string[] = [];
  const walk = (node: PostgresPlanNode) => {
    nodes.push(node['Index Name'] ? `${node['Node Type']} ${node['Index Name']}` : node['Node Type']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return { nodes, sharedBuffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'] };
}
