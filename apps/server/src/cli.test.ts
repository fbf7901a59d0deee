import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/data-source.js';
import { ProgramEntity } from './modules/program/program.entity.js';
import { UserEntity } from './modules/user/user.entity.js';
import { PAGE_VERSIONS_FOLDER } from './test/seed-catalog.js';
import { createEmptyDatabase } from './test/test-database.js';

/** The built CLI, run as a user runs it (`pnpm certhub` is `node apps/server/dist/cli.js`). */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function certhub(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const fixture = (name: string) => fileURLToPath(new URL(name, PAGE_VERSIONS_FOLDER));
const productPage = (name: string) => fileURLToPath(new URL(`product-pages/${name}`, PAGE_VERSIONS_FOLDER));

describe('pnpm certhub import --dry-run --json', () => {
  const pages = readdirSync(PAGE_VERSIONS_FOLDER).filter((name) => name.endsWith('.md'));

  it.each(pages)('prints %s exactly as read by hand', async (page) => {
    const expectedFile = page === 'how-to-join.md' ? 'how-to-join.expected.json' : `${page}.expected.json`;
    const { code, stdout } = await certhub(['import', '--dry-run', '--json', fixture(page)]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(fixture(expectedFile), 'utf8')));
  });

  it('covers the seed page and its five earlier versions', () => {
    expect(pages).toHaveLength(6);
  });
});

describe('pnpm certhub import', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let env: Record<string, string>;
  let workDir: string;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    env = { DATABASE_URL: database.url, NODE_ENV: 'test' };
    workDir = mkdtempSync(path.join(tmpdir(), 'certhub-cli-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const statusOf = async (slug: string) => {
    const dataSource = await openDatabase(database.url);
    try {
      return (await dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug })).admissionStatus;
    } finally {
      await dataSource.destroy();
    }
  };

  it('imports a page, prints what changed, and prints nothing new the second time', async () => {
    const first = await certhub(['import', fixture('how-to-join.md')], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Changed \(\d+\):/);
    expect(first.stdout).toMatch(/IP Phones/);
    const second = await certhub(['import', fixture('how-to-join.md')], env);
    expect(second).toMatchObject({ code: 0, stdout: 'Nothing changed: the database already matches this page.\n' });
  });

  it("imports a program's page of certified products into its program, and again changes nothing", async () => {
    const sbc = productPage('certification__infra-sbc.md');
    const first = await certhub(['import', sbc], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(
      /^certification\/infra-sbc → program sbc: 0 unchanged\.\nDid list \(24\):\n {2}- Audiocodes Mediant 500 E-SBC\n/,
    );
    const second = await certhub(['import', sbc], env);
    expect(second).toMatchObject({ code: 0, stdout: 'certification/infra-sbc → program sbc: 24 unchanged.\n' });
    const unknown = path.join(workDir, 'unknown-products.md');
    writeFileSync(unknown, readFileSync(sbc, 'utf8').replace('# Session Border Controllers', '# Border gateways'));
    const refused = await certhub(['import', '--dry-run', unknown], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/say which program it belongs to/);
    const named = await certhub(['import', '--dry-run', '--json', '--program', 'gateway', unknown], env);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).tables[0].listings).toHaveLength(24);
    const preview = await certhub(['import', '--dry-run', '--program', 'gateway', unknown], env);
    expect(preview.stdout).toMatch(/^gateway\/border-gateways → program gateway: 0 unchanged\.\nWould list \(24\):/);
  }, 180_000);

  it('imports a page whose status changed, and a dry run of it writes nothing', async () => {
    const changed = readFileSync(fixture('how-to-join.md'), 'utf8').replace(
      /(<td>Contact Center<\/td>\s*<td[^>]*>)Not seeking partners/,
      '$1Seeking partners',
    );
    const file = path.join(workDir, 'changed.md');
    writeFileSync(file, changed);
    const dryRun = await certhub(['import', '--dry-run', file], env);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/^Would change \(1\):\n {2}- .*Contact Center.*/);
    expect(await statusOf('contact-center')).toBe(AdmissionStatus.NOT_SEEKING_PARTNERS);
    const applied = await certhub(['import', file], env);
    expect(applied.stdout).toMatch(/^Changed \(1\):/);
    expect(await statusOf('contact-center')).toBe(AdmissionStatus.SEEKING_PARTNERS);
  });

  it('refuses a page it cannot read with the row and cell at fault, exit 1, nothing written', async () => {
    const broken = readFileSync(fixture('how-to-join.md'), 'utf8').replace(
      /(<td>Migration<\/td>\s*<td[^>]*>)Not seeking partners/,
      '$1Perhaps',
    );
    const file = path.join(workDir, 'broken.md');
    writeFileSync(file, broken);
    const result = await certhub(['import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Row \d+ \(Migration\), cell "Partner Admission Information": unknown status "Perhaps"/);
    expect(result.stderr).toMatch(/Nothing was written/);
    expect(await statusOf('migration')).toBe(AdmissionStatus.NOT_SEEKING_PARTNERS);
  });

  it('tells running instances of an import through Redis when REDIS_URL is set', async () => {
    const prefix = `certhub-cli-test:${process.pid}:${Date.now()}:`;
    const listener = new Redis(REDIS_URL);
    try {
      const messages: string[] = [];
      listener.on('message', (_channel: string, message: string) => messages.push(message));
      await listener.subscribe(`${prefix}changes`);
      const changed = readFileSync(fixture('how-to-join.md'), 'utf8').replace(
        /(<td>Migration<\/td>\s*<td[^>]*>)Not seeking partners/,
        '$1Seeking partners',
      );
      const file = path.join(workDir, 'signalled.md');
      writeFileSync(file, changed);
      const applied = await certhub(['import', file], {
        ...env,
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
      });
      expect(applied.stdout).toMatch(/^Changed \(\d+\):/);
      await expect.poll(() => messages.length).toBeGreaterThan(0);
      expect(JSON.parse(messages[0] as string).topics).toContain('change:Program');
    } finally {
      listener.disconnect();
    }
  });

  it('explains its usage and refuses unknown commands', async () => {
    expect((await certhub(['import'])).code).toBe(2);
    const unknown = await certhub(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    expect((await certhub(['import', 'no-such-file.md'])).stderr).toMatch(/no-such-file\.md/);
  });

  it('refuses a --base-url that is no http(s) page, against which relative links would take its scheme', async () => {
    for (const baseUrl of ['file:///srv/docs/how-to-join', 'javascript:alert(1)//', 'how-to-join']) {
      const result = await certhub(['import', '--base-url', baseUrl, fixture('how-to-join.md')], env);
      expect(result.code, baseUrl).toBe(2);
      expect(result.stderr).toMatch(/--base-url must be an absolute http:\/\/ or https:\/\/ address/);
    }
  });

  it('refuses an --effective that is no date, and a page dated before the history already recorded', async () => {
    const notADate = await certhub(['import', '--effective', '2018-02-30', fixture('how-to-join.md')], env);
    expect(notADate.code).toBe(2);
    expect(notADate.stderr).toMatch(/--effective must be a date such as 2018-06-13/);
    expect((await certhub(['import', fixture('how-to-join.md')], env)).code).toBe(0);
    const early = await certhub(['import', '--effective', '2018-06-13', fixture('sfb-5957e46e9b.md')], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/before changes already recorded .*import page versions in date order/);
    expect(early.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});

describe('pnpm certhub import --effective', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database.drop());

  it('records the changes of a page as effective on the date given', async () => {
    const env = { DATABASE_URL: database.url, NODE_ENV: 'test' };
    const result = await certhub(['import', '--effective', '2018-06-13', fixture('sfb-5957e46e9b.md')], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nEffective 2018-06-13T00:00:00\.000Z\.\n$/);
    const dataSource = await openDatabase(database.url);
    try {
      const programs = await dataSource.getRepository(ProgramEntity).find();
      expect(programs.map((program) => program.statusChangedAt.toISOString())).toEqual(
        programs.map(() => '2018-06-13T00:00:00.000Z'),
      );
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('pnpm certhub user', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    env = { DATABASE_URL: database.url, NODE_ENV: 'test' };
  });
  afterAll(() => database.drop());

  const user = async (email: string) => {
    const dataSource = await openDatabase(database.url);
    try {
      return await dataSource.getRepository(UserEntity).findOneBy({ email });
    } finally {
      await dataSource.destroy();
    }
  };

  it('creates an account with a one-time password, resets it, disables and enables it', async () => {
    const created = await certhub(['user', 'create', '--email', 'Ops@Example.com', '--name', 'Ops', '--role', 'ADMIN'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created ADMIN ops@example\.com\.\nOne-time password \(shown only now\): [a-z2-9-]{23}\n$/);
    expect(await user('ops@example.com')).toMatchObject({ role: 'ADMIN', mustChangePassword: true, disabled: false });

    const reset = await certhub(['user', 'reset-password', '--email', 'ops@example.com'], env);
    expect(reset.stdout).toMatch(/One-time password \(shown only now\): [a-z2-9-]{23}/);
    expect(reset.stdout.match(/[a-z2-9]{5}(-[a-z2-9]{5}){3}/)?.[0]).not.toBe(
      created.stdout.match(/[a-z2-9]{5}(-[a-z2-9]{5}){3}/)?.[0],
    );

    expect((await certhub(['user', 'disable', '--email', 'ops@example.com'], env)).code).toBe(0);
    expect(await user('ops@example.com')).toMatchObject({ disabled: true });
    expect((await certhub(['user', 'enable', '--email', 'ops@example.com'], env)).code).toBe(0);
    expect(await user('ops@example.com')).toMatchObject({ disabled: false });
  });

  it('says plainly what is wrong, without a stack trace', async () => {
    const missing = await certhub(['user', 'disable', '--email', 'nobody@example.com'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'No staff account has the email nobody@example.com.\n' });
    const duplicate = await certhub(['user', 'create', '--email', 'ops@example.com', '--name', 'Again', '--role', 'EDITOR'], env);
    expect(duplicate).toMatchObject({ code: 1, stderr: 'A staff account with this email exists already.\n' });
    const badRole = await certhub(['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'OWNER'], env);
    expect(badRole.code).toBe(2);
  });
});

describe('pnpm certhub migrate, backup and restore', () => {
  it('reports pending migrations with --check (exit 1), applies them, then reports none (exit 0)', async () => {
    const database = await createEmptyDatabase();
    try {
      const env = { DATABASE_URL: database.url, NODE_ENV: 'test' };
      const before = await certhub(['migrate', '--check'], env);
      expect(before.code).toBe(1);
      expect(before.stdout).toMatch(/^Pending migrations \(\d+\):\n {2}- InitialSchema1764300000000\n/);
      const applied = await certhub(['migrate'], env);
      expect(applied).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Applied \d+ migration\(s\)/) });
      expect(await certhub(['migrate', '--check'], env)).toMatchObject({ code: 0, stdout: 'No migration is pending.\n' });
    } finally {
      await database.drop();
    }
  });

  it('backs up a database and restores it into an empty one, and refuses a non-empty target', async () => {
    const [source, target] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
    const folder = mkdtempSync(path.join(tmpdir(), 'certhub-cli-backup-'));
    try {
      const file = path.join(folder, 'certhub.backup');
      expect((await certhub(['import', fixture('how-to-join.md')], { DATABASE_URL: source.url })).code).toBe(0);
      const backup = await certhub(['backup', file], { DATABASE_URL: source.url });
      expect(backup.stdout).toMatch(/^Backed up \d+ rows in \d+ tables/);
      const restore = await certhub(['restore', file], { DATABASE_URL: target.url });
      expect(restore.stdout).toMatch(/^Restored \d+ rows/);
      expect(restore.stdout.match(/\d+ rows/)?.[0]).toBe(backup.stdout.match(/\d+ rows/)?.[0]);
      const again = await certhub(['restore', file], { DATABASE_URL: target.url });
      expect(again).toMatchObject({ code: 1, stderr: 'Restore goes into an empty database; this one has tables already.\n' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await Promise.all([source.drop(), target.drop()]);
    }
  });
});

describe('pnpm certhub config check', () => {
  it('prints the effective configuration with secrets masked', async () => {
    const result = await certhub(['config', 'check'], {
      DATABASE_URL: 'postgres://certhub:s3cret@db.example:5432/certhub',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'a very long admin passphrase',
      SMTP_URL: 'smtps://mailer:hunter22@mail.example:465',
    });
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(config.databaseUrl).toBe('postgres://certhub:***@db.example:5432/certhub');
    expect(config.admin).toEqual({ email: 'ops@example.com', password: '***' });
    expect(config.mail.smtpUrl).toBe('smtps://mailer:***@mail.example:465');
    expect(result.stdout).not.toMatch(/s3cret|hunter22|very long admin/);
  });

  it('names every bad setting at once and exits 1', async () => {
    const result = await certhub(['config', 'check'], { PORT: 'eighty', SESSION_IDLE_MINUTES: '0', NODE_ENV: 'staging' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT must be a whole number from 0 to 65535 \(got "eighty"\)/);
    expect(result.stderr).toMatch(/SESSION_IDLE_MINUTES must be a whole number/);
    expect(result.stderr).toMatch(/NODE_ENV must be one of development, production, test/);
  });

  it('reports a TRUST_PROXY that is true or neither a hop count nor proxy addresses, and prints a good one', async () => {
    const forgeable = await certhub(['config', 'check'], { TRUST_PROXY: 'true' });
    expect(forgeable.code).toBe(1);
    expect(forgeable.stderr).toMatch(/TRUST_PROXY=true would let any client choose its own address through X-Forwarded-For/);
    const bad = await certhub(['config', 'check'], { TRUST_PROXY: 'loopback,10.0.0.0/99' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/TRUST_PROXY must be false, a number of proxies \(1 = one proxy in front\)/);
    for (const [value, parsed] of [
      ['1', 1],
      ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ] as const) {
      const good = await certhub(['config', 'check'], { TRUST_PROXY: value });
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout).trustProxy).toEqual(parsed);
    }
  });
});
