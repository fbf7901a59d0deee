import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.js';
import { createServices } from '../../context.js';
import { type CounterStore, memoryCounters, redisCounters } from '../../platform/counters.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { createStaffUser } from '../../test/staff.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { STAFF_PASSWORD, startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { DEFAULT_ADMIN_EMAIL, ensureFirstAdmin } from '../user/bootstrap.js';
import { verifyAgainstDecoy, verifyPassword } from '../user/password.js';
import { AuthService, type PasswordVerifier } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { email role mustChangePassword } }`;
const ME = `{ me { email role } }`;
const CHANGE_PASSWORD = `mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { mustChangePassword } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id email role version mustChangePassword } oneTimePassword } }`;
const UPDATE_USER = `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { disabled version } }`;

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const THROTTLE = { perAccount: 3, perAddress: 6, windowSeconds: 60, blockSeconds: 60, slowAfter: 100, slowStepMs: 0 };

describe('the session cookie in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(undefined, { nodeEnv: 'production', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it('is named with the __Host- prefix: Secure, Path=/ and no Domain, and only that name signs in', async () => {
    await createStaffUser(server.db.dataSource, { email: 'jane@example.com', role: 'EDITOR', password: STAFF_PASSWORD });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { email: 'jane@example.com', password: STAFF_PASSWORD } }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-certhub_session=[\w-]{40,};/);
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((part) => part.trim().split('=')[0]?.toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['path', 'httponly', 'secure', 'samesite']));
    expect(attributes).not.toContain('domain');
    expect(cookie).toMatch(/; Path=\/(;|$)/);

    const client = server.client();
    client.cookie = cookie.split(';')[0];
    expect((await client.graphql(ME)).body.data).toEqual({ me: { email: 'jane@example.com', role: 'EDITOR' } });
    // The same token under the name without the prefix, as a sibling subdomain could set it, is no session.
    const planted = server.client();
    planted.cookie = cookie.split(';')[0]?.replace(/^__Host-/, '');
    expect((await planted.graphql(ME)).body.data).toEqual({ me: null });

    const logout = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie as string },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(logout.headers.get('set-cookie')).toMatch(/^__Host-certhub_session=;.*Path=\/.*Secure/);
  });
});

describe('staff sign-in and sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('signs in with a cookie the browser keeps to itself, and knows who is signed in', async () => {
    await createStaffUser(server.db.dataSource, { email: 'jane@example.com', role: 'EDITOR', password: STAFF_PASSWORD });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { email: ' Jane@Example.com ', password: STAFF_PASSWORD } }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^certhub_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const { extensions: _costAndBudget, ...answer } = (await response.json()) as Record<string, unknown>;
    expect(answer).toEqual({
      data: { login: { email: 'jane@example.com', role: 'EDITOR', mustChangePassword: false } },
    });

    const client = server.client();
    client.cookie = cookie.split(';')[0];
    expect((await client.graphql(ME)).body.data).toEqual({ me: { email: 'jane@example.com', role: 'EDITOR' } });
    expect((await server.graphql(ME)).body.data).toEqual({ me: null });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await createStaffUser(server.db.dataSource, { email: 'sam@example.com', role: 'EDITOR', password: STAFF_PASSWORD });
    const unknown = await server.client().graphql(LOGIN, { email: 'nobody@example.com', password: STAFF_PASSWORD });
    const wrong = await server.client().graphql(LOGIN, { email: 'sam@example.com', password: 'not the password at all' });
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'Email or password is incorrect.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
    expect(wrong.body.errors?.[0]?.extensions).toEqual(unknown.body.errors?.[0]?.extensions);
    const failures = await server.db.dataSource.getRepository(AuditEventEntity).findBy({ action: 'login-failed' });
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.every((event) => event.actorId === null)).toBe(true);
  });

  it('signs out at once: the old cookie no longer works', async () => {
    const editor = await server.signIn('EDITOR');
    const cookie = editor.cookie;
    expect((await editor.graphql(`mutation { logout }`)).body.data).toEqual({ logout: true });
    expect(editor.cookie).toBeUndefined();
    const replay = server.client();
    replay.cookie = cookie;
    expect((await replay.graphql(ME)).body.data).toEqual({ me: null });
    expect((await replay.graphql(`mutation { logout }`)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("ends a disabled user's open session at once", async () => {
    const admin = await server.signIn('ADMIN');
    const editor = await server.signIn('EDITOR');
    const { body } = await admin.graphql<{ users: Array<{ id: string; email: string; version: number }> }>(
      `{ users { id email version } }`,
    );
    const target = body.data?.users.find((user) => user.email === editor.email);
    const disabled = await admin.graphql(UPDATE_USER, {
      input: { userId: target?.id, expectedVersion: target?.version, disabled: true },
    });
    expect(disabled.body.errors).toBeUndefined();
    expect((await editor.graphql(ME)).body.data).toEqual({ me: null });
    const again = await server.client().graphql(LOGIN, { email: editor.email, password: editor.password });
    expect(again.body.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringMatching(/disabled/),
    });
  });

  it('creates accounts with a one-time password that must be replaced before any other work', async () => {
    const admin = await server.signIn('ADMIN');
    const created = await admin.graphql<{
      createUser: { oneTimePassword: string; user: { email: string; mustChangePassword: boolean } };
    }>(CREATE_USER, { input: { email: 'New.Editor@example.com', displayName: 'New Editor', role: 'EDITOR' } });
    expect(created.body.errors).toBeUndefined();
    const { oneTimePassword, user } = created.body.data?.createUser ?? { oneTimePassword: '', user: null };
    expect(user).toMatchObject({ email: 'new.editor@example.com', mustChangePassword: true });
    expect(oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    const newcomer = server.client();
    const login = await newcomer.graphql(LOGIN, { email: 'new.editor@example.com', password: oneTimePassword });
    expect(login.body.data).toEqual({ login: { email: 'new.editor@example.com', role: 'EDITOR', mustChangePassword: true } });
    const blocked = await newcomer.graphql(`{ users { id } }`);
    expect(blocked.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    const weak = await newcomer.graphql(CHANGE_PASSWORD, { current: oneTimePassword, next: 'password1234' });
    expect(weak.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const wrongCurrent = await newcomer.graphql(CHANGE_PASSWORD, {
      current: 'not it at all',
      next: 'a fresh and long passphrase',
    });
    expect(wrongCurrent.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const changed = await newcomer.graphql(CHANGE_PASSWORD, { current: oneTimePassword, next: 'a fresh and long passphrase' });
    expect(changed.body.data).toEqual({ changePassword: { mustChangePassword: false } });
    expect((await newcomer.graphql(ME)).body.data).toEqual({ me: { email: 'new.editor@example.com', role: 'EDITOR' } });

    const duplicate = await admin.graphql(CREATE_USER, {
      input: { email: 'new.editor@EXAMPLE.com', displayName: 'Again', role: 'EDITOR' },
    });
    expect(duplicate.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    const badEmail = await admin.graphql(CREATE_USER, { input: { email: 'not-an-email', displayName: 'X', role: 'EDITOR' } });
    expect(badEmail.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  });

  it('keeps an editor out of user management', async () => {
    const editor: TestClient = await server.signIn('EDITOR');
    const { body } = await editor.graphql(CREATE_USER, { input: { email: 'x@example.com', displayName: 'X', role: 'ADMIN' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });
    expect(body.data).toBeNull();
  });
});

describe('sign-in throttling', () => {
  let throttled: TestServer;
  beforeAll(async () => {
    throttled = await startTestServer(undefined, {
      services: { session: { idleTimeoutMs: 60_000, absoluteTimeoutMs: 60_000 }, loginThrottle: THROTTLE },
    });
  });
  afterAll(() => throttled.close());

  it('refuses an account for a while after repeated failures, even with the right password', async () => {
    await createStaffUser(throttled.db.dataSource, { email: 'kim@example.com', role: 'EDITOR', password: STAFF_PASSWORD });
    const client = throttled.client();
    for (let attempt = 0; attempt < THROTTLE.perAccount; attempt += 1) {
      const { body } = await client.graphql(LOGIN, { email: 'kim@example.com', password: 'wrong password number one' });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const refused = await client.graphql(LOGIN, { email: 'kim@example.com', password: STAFF_PASSWORD });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'LOGIN_THROTTLED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.body.errors?.[0]?.message).toMatch(/Too many failed sign-ins\. Try again in \d+ seconds\./);
    expect(client.cookie).toBeUndefined();
    // The same refusal for an address that has no account: nothing to learn from it.
    for (let attempt = 0; attempt < THROTTLE.perAccount; attempt += 1) {
      await client.graphql(LOGIN, { email: 'ghost@example.com', password: 'wrong password number one' });
    }
    const ghost = await client.graphql(LOGIN, { email: 'ghost@example.com', password: 'anything at all here' });
    expect(ghost.body.errors?.[0]?.extensions?.code).toBe('LOGIN_THROTTLED');
  });
});

describe('sign-in attempts counted before the password is checked', () => {
  const policy = { perAccount: 5, perAddress: 100, windowSeconds: 60, blockSeconds: 60, slowAfter: 100, slowStepMs: 0 };
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await createStaffUser(db.dataSource, { email: 'pat@example.com', role: 'EDITOR', password: STAFF_PASSWORD });
  });
  afterAll(() => db.destroy());

  /** AuthService over a throttle counting in `counters`, with argon2 behind a counter of checks. */
  const authWith = (counters: CounterStore, throttle = policy) => {
    const services = createServices(db.dataSource, { session: DEFAULT_SESSION_POLICY, counters });
    const checks = { count: 0 };
    const verifier: PasswordVerifier = {
      verify: (hash, password) => {
        checks.count++;
        return verifyPassword(hash, password);
      },
      verifyDecoy: (password) => {
        checks.count++;
        return verifyAgainstDecoy(password);
      },
    };
    const auth = new AuthService(
      db.dataSource,
      services.sessions,
      services.users,
      new LoginThrottle(throttle, counters),
      verifier,
    );
    return { auth, checks };
  };
  const request = (ip: string) => ({ requestId: 'test', ip, userAgent: null });
  const codeOf = (outcome: PromiseSettledResult<unknown>) =>
    outcome.status === 'fulfilled' ? 'OK' : ((outcome.reason as GraphQLError).extensions?.code as string);

  for (const store of ['memory', 'redis'] as const) {
    it(`lets at most the allowance of 50 parallel wrong passwords reach argon2 (${store})`, async () => {
      const counters =
        store === 'memory' ? memoryCounters() : redisCounters({ url: REDIS_URL, keyPrefix: `certhub-test:${randomUUID()}:` });
      await counters.ready();
      try {
        const { auth, checks } = authWith(counters);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, index) =>
            auth.login('Pat@example.com', `wrong password ${index}`, request('192.0.2.1')),
          ),
        );
        const codes = outcomes.map(codeOf);
        expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(policy.perAccount);
        expect(codes.filter((code) => code === 'LOGIN_THROTTLED')).toHaveLength(50 - policy.perAccount);
        expect(checks.count).toBe(policy.perAccount);
        // Refused, even with the right password, until the block ends.
        await expect(auth.login('pat@example.com', STAFF_PASSWORD, request('192.0.2.1'))).rejects.toMatchObject({
          extensions: { code: 'LOGIN_THROTTLED' },
        });
      } finally {
        await counters.close();
      }
    });
  }

  it("gives a right password its attempt back, and forgets the account's failures", async () => {
    const tight = authWith(memoryCounters(), { ...policy, perAccount: 3, perAddress: 3 });
    for (let attempt = 0; attempt < 6; attempt++) await tight.auth.login('pat@example.com', STAFF_PASSWORD, request('192.0.2.2'));
    expect(tight.checks.count).toBe(6);
    // Two failures, a success, then three failures: all checked, none refused.
    const { auth, checks } = authWith(memoryCounters(), { ...policy, perAccount: 3 });
    for (const password of ['not it', 'not it', STAFF_PASSWORD, 'not it', 'not it', 'not it']) {
      const attempt = auth.login('pat@example.com', password, request('192.0.2.3'));
      if (password === STAFF_PASSWORD) await attempt;
      else await expect(attempt).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(checks.count).toBe(6);
  });
});

describe('session expiry', () => {
  it('ends a session after its absolute lifetime', async () => {
    const server = await startTestServer(undefined, { services: { session: { idleTimeoutMs: 60_000, absoluteTimeoutMs: 500 } } });
    try {
      const editor = await server.signIn('EDITOR');
      expect((await editor.graphql(ME)).body.data?.me).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await editor.graphql(ME)).body.data).toEqual({ me: null });
    } finally {
      await server.close();
    }
  });
});

describe('the first admin', () => {
  it('is created from ADMIN_EMAIL and ADMIN_PASSWORD, or with a one-time password, once', async () => {
    const server = await startTestServer();
    try {
      const users = server.db.dataSource;
      const { UserService } = await import('../user/user.service.js');
      const { SessionService } = await import('../../platform/session/session.service.js');
      const service = new UserService(users, new SessionService(users, { idleTimeoutMs: 1, absoluteTimeoutMs: 1 }));
      await expect(ensureFirstAdmin(service, { admin: null, allowOneTimeAdminPassword: false })).rejects.toBeInstanceOf(
        ConfigError,
      );
      const printed = await ensureFirstAdmin(service, { admin: null, allowOneTimeAdminPassword: true });
      expect(printed?.join('\n')).toContain(DEFAULT_ADMIN_EMAIL);
      const oneTimePassword = printed?.join('\n').match(/password {2}(\S+)/)?.[1];
      const login = await server.client().graphql(LOGIN, { email: DEFAULT_ADMIN_EMAIL, password: oneTimePassword });
      expect(login.body.data).toEqual({ login: { email: DEFAULT_ADMIN_EMAIL, role: 'ADMIN', mustChangePassword: true } });
      expect(await ensureFirstAdmin(service, { admin: null, allowOneTimeAdminPassword: true })).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('refuses a weak ADMIN_PASSWORD as a configuration error', async () => {
    const server = await startTestServer();
    try {
      const { UserService } = await import('../user/user.service.js');
      const { SessionService } = await import('../../platform/session/session.service.js');
      const data = server.db.dataSource;
      const service = new UserService(data, new SessionService(data, { idleTimeoutMs: 1, absoluteTimeoutMs: 1 }));
      await expect(
        ensureFirstAdmin(service, {
          admin: { email: 'ops@example.com', password: 'password' },
          allowOneTimeAdminPassword: false,
        }),
      ).rejects.toThrow(/ADMIN_PASSWORD is not acceptable/);
    } finally {
      await server.close();
    }
  });
});
