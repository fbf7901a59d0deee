import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../test/test-database.js';

const built = (file: string) => JSON.stringify(new URL(`../../dist/${file}`, import.meta.url).href);

/**
 * A change to public data that did not begin with `inCatalogTransaction` is warned about (it once
 * went to `console.warn`, whatever LOG_LEVEL said). The built code runs in a process of its own, as
 * the server does, with LOG_LEVEL in its environment; everything it writes is collected.
 */
const LATE_LOCK_SCRIPT = `
  import { openDatabase } from ${built('db/data-source.js')};
  import { inTransaction } from ${built('db/transaction.js')};
  import { recordChange } from ${built('modules/change/record-change.js')};
  const dataSource = await openDatabase(process.env.DATABASE_URL);
  const event = { actor: 'cli', actorId: null, requestId: null, batchId: 'b1', entityType: 'Category', entityId: '1',
    action: 'category-updated', summary: 'A category changed', changes: null };
  await inTransaction(dataSource, (manager) => recordChange(manager, { audit: [event] }));
  await dataSource.destroy();`;

describe('the server log', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  }, 60_000);
  afterAll(() => database?.drop());

  const warnWith = async (logLevel: string) =>
    promisify(execFile)(process.execPath, ['--input-type=module', '-e', LATE_LOCK_SCRIPT], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: logLevel, DATABASE_URL: database.url },
    });

  it('writes nothing at LOG_LEVEL=silent, not even a warning', async () => {
    expect(await warnWith('silent')).toEqual({ stdout: '', stderr: '' });
  });

  it('writes a warning as one JSON line on standard output at LOG_LEVEL=info', async () => {
    const { stdout, stderr } = await warnWith('info');
    expect(stderr).toBe('');
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '');
    expect(line).toEqual({
      level: 40,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: 'A change to public data did not start with inCatalogTransaction: it can deadlock with others.',
    });
  });

  it('leaves warnings out at LOG_LEVEL=error', async () => {
    expect(await warnWith('error')).toEqual({ stdout: '', stderr: '' });
  });
});
