import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const AUDIT_LOG = `query ($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { occurredAt actor actorId entityType entityId action summary reason requestId changes { field from to } } }
  }
}`;

interface AuditPage {
  auditLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        occurredAt: string;
        actor: string;
        actorId: string | null;
        entityType: string;
        entityId: string;
        action: string;
        reason: string | null;
        changes: Array<{ field: string; from: unknown; to: unknown }>;
      };
    }>;
  };
}

describe('auditLog', () => {
  let server: TestServer;
  let editor: TestClient;
  let programId: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "sba") { id version } }`,
    );
    programId = body.data?.program.id as string;
    const edit = await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId, status: 'SEEKING_PARTNERS', expectedVersion: body.data?.program.version, reason: 'Capacity freed' } },
    );
    expect(edit.body.errors).toBeUndefined();
  });
  afterAll(() => server.close());

  const auditLog = async (variables: Record<string, unknown>) => {
    const { body } = await editor.graphql<AuditPage>(AUDIT_LOG, variables);
    expect(body.errors).toBeUndefined();
    return body.data?.auditLog as AuditPage['auditLog'];
  };

  it("lists one program's history, newest first, with who, why and field-level before/after", async () => {
    const log = await auditLog({ filter: { entityType: 'Program', entityId: programId } });
    expect(log.edges.map(({ node }) => node.action)).toEqual(['admission-status-changed', 'program-added']);
    const [change, creation] = log.edges.map(({ node }) => node);
    expect(change).toMatchObject({
      actor: expect.stringMatching(/^editor/),
      actorId: expect.any(String),
      reason: 'Capacity freed',
      changes: [{ field: 'admissionStatus', from: 'NOT_SEEKING_PARTNERS', to: 'SEEKING_PARTNERS' }],
    });
    expect(creation).toMatchObject({ actor: 'import', actorId: null });
  });

  it('filters by the staff member, and by time', async () => {
    const mine = await auditLog({ filter: { entityType: 'Program' } });
    const actorId = mine.edges[0]?.node.actorId;
    const byActor = await auditLog({ filter: { actorId } });
    expect(byActor.edges.map(({ node }) => node.action)).toEqual(['admission-status-changed', 'login']);
    const future = await auditLog({ filter: { from: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.totalCount).toBe(0);
    const past = await auditLog({ filter: { to: new Date(Date.now() + 60_000).toISOString() } });
    expect(past.totalCount).toBeGreaterThan(30);
  });

  it('pages through the whole trail', async () => {
    const all = await auditLog({ first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: AuditPage['auditLog'] = await auditLog({ first: 7, after });
      seen.push(...page.edges.map(({ node }) => `${node.entityType}:${node.entityId}:${node.action}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map(({ node }) => `${node.entityType}:${node.entityId}:${node.action}`));
    expect(seen).toHaveLength(all.totalCount);
  });
});

describe('auditLog of webhook endpoints', () => {
  const secretUrl = 'http://127.0.0.1:9/hooks/certhub?token=receiver-secret-token';
  let server: TestServer;
  let admin: TestClient;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer(undefined, {
      services: { session: DEFAULT_SESSION_POLICY, webhooks: { allowPrivateAddresses: true, timeoutMs: 1_000 } },
    });
    [admin, editor] = await Promise.all([server.signIn('ADMIN'), server.signIn('EDITOR')]);
    const created = await admin.graphql<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
      { input: { name: 'Partner directory', url: secretUrl, events: ['PROGRAM_STATUS_CHANGED'] } },
    );
    expect(created.body.errors).toBeUndefined();
    const endpointId = created.body.data?.createWebhookEndpoint.endpoint.id;
    const updated = await admin.graphql(
      `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id } }`,
      { input: { endpointId, url: `${secretUrl}-2` } },
    );
    expect(updated.body.errors).toBeUndefined();
  });
  afterAll(() => server.close());

  const logAs = async (client: TestClient, filter: Record<string, unknown> | null = null) => {
    const { body } = await client.graphql<AuditPage>(AUDIT_LOG, { filter, first: 100 });
    expect(body.errors).toBeUndefined();
    return body.data?.auditLog as AuditPage['auditLog'];
  };

  it('lists them to admins, address included', async () => {
    const log = await logAs(admin, { entityType: 'WebhookEndpoint' });
    expect(log.edges.map(({ node }) => node.action)).toEqual(['webhook-updated', 'webhook-created']);
    expect(JSON.stringify(log)).toContain('receiver-secret-token');
  });

  it('leaves them out for editors, whose trail never shows a webhook address', async () => {
    const all = await logAs(editor);
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.edges.map(({ node }) => node.entityType)).not.toContain('WebhookEndpoint');
    expect(all.edges.map(({ node }) => node.action)).toContain('login');
    expect(JSON.stringify(all)).not.toContain('receiver-secret-token');
    const asked = await logAs(editor, { entityType: 'WebhookEndpoint' });
    expect(asked).toMatchObject({ totalCount: 0, edges: [] });
  });
});
