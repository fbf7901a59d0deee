import { readFileSync } from 'node:fs';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEventEntity } from '../modules/audit/audit-event.entity.js';
import { UserEntity } from '../modules/user/user.entity.js';
import { importSeed } from '../test/seed-catalog.js';
import { createStaffUser } from '../test/staff.js';
import { STAFF_PASSWORD, startTestServer, type TestClient, type TestServer } from '../test/test-server.js';
import { buildCertHubSchema } from './build-schema.js';

/** Mutations anyone may call. Every other mutation must declare the role it needs. */
const PUBLIC_MUTATIONS = new Set([
  'login',
  'submitApplication',
  'replyToApplication',
  'withdrawApplication',
  'watchProgram',
  'confirmProgramWatch',
  'unsubscribeProgramWatch',
]);

/** Queries anyone may call. Every other query must declare the role it needs. */
const PUBLIC_QUERIES = new Set([
  'catalogue',
  'catalogueChanges',
  'trackApplication',
  'me',
  'categories',
  'changes',
  'requirements',
  'admissionSteps',
  'notes',
  'labs',
  'node',
  'programs',
  'program',
  'specs',
  'certifiedProducts',
  'certifiedProduct',
  'vendors',
  'vendor',
]);

/** Subscriptions anyone may open. Every other subscription must declare the role it needs. */
const PUBLIC_SUBSCRIPTIONS = new Set(['programChanged', 'programStatusChanged']);

/**
 * Every field an anonymous caller can reach, reviewed: a field added to a public type (or a type
 * newly reachable) fails the test until it is either listed here or marked staff-only with
 * `@RequireRole`, so a staff-only field cannot be published by forgetting it.
 */
const PUBLIC_FIELDS_FILE = new URL('./public-fields.json', import.meta.url);

/** How to reach one object of a type, for staff-only fields on public types. */
const REACH_ONE: Record<string, (selection: string) => string> = {
  Program: (selection) => `{ programs(first: 1) { edges { node { ${selection} } } } }`,
  Category: (selection) => `{ categories { ${selection} } }`,
  Lab: (selection) => `{ labs { ${selection} } }`,
  WebhookEndpoint: (selection) => `{ webhookEndpoints { ${selection} } }`,
  ScheduledChange: (selection) => `{ scheduledChanges { edges { node { ${selection} } } } }`,
};

interface ProtectedOperation {
  name: string;
  requiredRole: string;
  document: string;
  variables: Record<string, unknown>;
}

type AnyField = GraphQLField<unknown, unknown>;

const requiredRoleOf = (field: AnyField) => field.extensions?.requiredRole as string | undefined;

function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleValue(field.type)]),
    );
  }
  const samples: Record<string, unknown> = {
    ID: 'x',
    String: 'x',
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTimeISO: new Date().toISOString(),
  };
  return samples[(type as { name: string }).name] ?? 'x';
}

function selectionOf(field: AnyField): string {
  const type = getNamedType(field.type);
  return isObjectType(type) || isInterfaceType(type) ? '{ __typename }' : '';
}

function rootOperation(kind: 'query' | 'mutation', field: AnyField): ProtectedOperation {
  const declarations = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const argumentsList = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return {
    name: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`,
    requiredRole: requiredRoleOf(field) as string,
    document: `${kind} ${declarations ? `(${declarations})` : ''} { ${field.name}${argumentsList ? `(${argumentsList})` : ''} ${selectionOf(field)} }`,
    variables: Object.fromEntries(field.args.map((arg) => [arg.name, sampleValue(arg.type)])),
  };
}

const rootFieldsOf = (schema: GraphQLSchema) => ({
  query: Object.values(schema.getQueryType()?.getFields() ?? {}),
  mutation: Object.values(schema.getMutationType()?.getFields() ?? {}),
  subscription: Object.values(schema.getSubscriptionType()?.getFields() ?? {}),
});

/** Every `Type.field` an anonymous caller can select: walked from the public roots, stopping at staff-only fields. */
function anonymouslyReachableFields(schema: GraphQLSchema): string[] {
  const roots = rootFieldsOf(schema);
  const publicRoots = [
    ...roots.query.filter((field) => PUBLIC_QUERIES.has(field.name)),
    ...roots.mutation.filter((field) => PUBLIC_MUTATIONS.has(field.name)),
    ...roots.subscription.filter((field) => PUBLIC_SUBSCRIPTIONS.has(field.name)),
  ];
  const reached = new Set<string>();
  const visited = new Set<string>();
  const visit = (outputType: GraphQLOutputType) => {
    const type = getNamedType(outputType);
    if (visited.has(type.name)) return;
    visited.add(type.name);
    if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
    if (isInterfaceType(type)) for (const implementation of schema.getPossibleTypes(type)) visit(implementation);
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    for (const field of Object.values(type.getFields())) {
      if (requiredRoleOf(field)) continue;
      reached.add(`${type.name}.${field.name}`);
      visit(field.type);
    }
  };
  for (const field of publicRoots) visit(field.type);
  return [...reached].sort();
}

/** Every staff-only entry point of the schema, found in the schema itself. */
function protectedOperations(schema: GraphQLSchema): ProtectedOperation[] {
  const operations: ProtectedOperation[] = [];
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    if (!PUBLIC_MUTATIONS.has(field.name)) operations.push(rootOperation('mutation', field));
  }
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    if (requiredRoleOf(field)) operations.push(rootOperation('query', field));
  }
  for (const type of Object.values(schema.getTypeMap())) {
    // Subscriptions are refused over the socket; subscription.test.ts checks that.
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    if (!isObjectType(type) || type.name.startsWith('__') || roots.includes(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!requiredRoleOf(field)) continue;
      const reach = REACH_ONE[type.name];
      if (!reach) throw new Error(`Add a way to reach a ${type.name} to REACH_ONE, to test ${type.name}.${field.name}.`);
      operations.push({
        name: `${type.name}.${field.name}`,
        requiredRole: requiredRoleOf(field) as string,
        document: reach(`${field.name} ${selectionOf(field)}`),
        variables: {},
      });
    }
  }
  return operations;
}

describe('authorisation, walked over the whole schema', async () => {
  const schema = await buildCertHubSchema();
  const operations = protectedOperations(schema);
  let server: TestServer;
  let editor: TestClient;
  let mustChangePassword: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
    await createStaffUser(server.db.dataSource, {
      email: 'newcomer@example.com',
      role: 'ADMIN',
      password: STAFF_PASSWORD,
      mustChangePassword: true,
    });
    mustChangePassword = server.client();
    await mustChangePassword.graphql(`mutation { login(email: "newcomer@example.com", password: "${STAFF_PASSWORD}") { id } }`);
  });
  afterAll(() => server.close());

  const codeOf = async (client: TestClient, operation: ProtectedOperation) => {
    const { body } = await client.graphql(operation.document, operation.variables);
    return body.errors?.find((error) => error.extensions?.code)?.extensions?.code ?? 'NO ERROR';
  };

  it('declares a role on every query, mutation and subscription but the public ones', () => {
    const roots = rootFieldsOf(schema);
    const unprotected = (kind: string, fields: AnyField[], publicNames: Set<string>) =>
      fields.filter((field) => !publicNames.has(field.name) && !requiredRoleOf(field)).map((field) => `${kind}.${field.name}`);
    expect(
      [
        ...unprotected('Query', roots.query, PUBLIC_QUERIES),
        ...unprotected('Mutation', roots.mutation, PUBLIC_MUTATIONS),
        ...unprotected('Subscription', roots.subscription, PUBLIC_SUBSCRIPTIONS),
      ],
      'mark these @RequireRole, or list them as public',
    ).toEqual([]);
    // A public list naming a field the schema no longer has would hide nothing, but says the list went stale.
    const names = (fields: AnyField[]) => new Set(fields.map((field) => field.name));
    expect([...PUBLIC_QUERIES].filter((name) => !names(roots.query).has(name))).toEqual([]);
    expect([...PUBLIC_MUTATIONS].filter((name) => !names(roots.mutation).has(name))).toEqual([]);
    expect([...PUBLIC_SUBSCRIPTIONS].filter((name) => !names(roots.subscription).has(name))).toEqual([]);
    expect(operations.filter((operation) => operation.name.startsWith('Query.')).length).toBeGreaterThan(5);
    expect(operations.filter((operation) => !/^(Query|Mutation)\./.test(operation.name)).length).toBeGreaterThan(0);
  });

  it('lets anonymous callers reach only the reviewed public fields', () => {
    const reviewed = JSON.parse(readFileSync(PUBLIC_FIELDS_FILE, 'utf8')) as string[];
    const reachable = anonymouslyReachableFields(schema);
    expect(
      reachable.filter((field) => !reviewed.includes(field)),
      'reachable without signing in: mark staff-only fields @RequireRole, add public ones to public-fields.json',
    ).toEqual([]);
    expect(
      reviewed.filter((field) => !reachable.includes(field)),
      'no longer reachable without signing in: remove from public-fields.json',
    ).toEqual([]);
  });

  it('publishes the role of every field type-graphql guards, so this walk finds them all', () => {
    // `@Authorized` used directly (not through `@RequireRole`) would guard a field the walk cannot see.
    const storage = getMetadataStorage();
    expect(storage.authorizedResolver).toEqual([]);
    const guarded = storage.authorizedFields.map(
      (field) => `${field.target.name}.${field.fieldName}: ${field.roles[0] ?? 'SIGNED_IN'}`,
    );
    const published = storage.fieldExtensions
      .filter((field) => field.extensions.requiredRole)
      .map((field) => `${field.target.name}.${field.fieldName}: ${String(field.extensions.requiredRole)}`);
    expect(guarded.length).toBeGreaterThan(operations.length / 2);
    expect(guarded.sort()).toEqual(published.sort());
  });

  it('refuses every staff-only operation to anonymous callers, writing nothing', async () => {
    const auditBefore = await server.db.dataSource.getRepository(AuditEventEntity).count();
    for (const operation of operations) {
      expect({ operation: operation.name, code: await codeOf(server.client(), operation) }).toEqual({
        operation: operation.name,
        code: 'UNAUTHENTICATED',
      });
    }
    expect(await server.db.dataSource.getRepository(AuditEventEntity).count()).toBe(auditBefore);
  });

  it('refuses admin-only operations to editors', async () => {
    const adminOnly = operations.filter((operation) => operation.requiredRole === 'ADMIN');
    expect(adminOnly.length).toBeGreaterThan(0);
    for (const operation of adminOnly) {
      expect({ operation: operation.name, code: await codeOf(editor, operation) }).toEqual({
        operation: operation.name,
        code: 'FORBIDDEN',
      });
    }
  });

  it('refuses role-bound operations until a one-time password is replaced', async () => {
    for (const operation of operations.filter((candidate) => candidate.requiredRole !== 'SIGNED_IN')) {
      expect({ operation: operation.name, code: await codeOf(mustChangePassword, operation) }).toEqual({
        operation: operation.name,
        code: 'FORBIDDEN',
      });
    }
  });

  it("stops a disabled user's open session at once, for every operation", async () => {
    const doomed = await server.signIn('ADMIN');
    await server.db.dataSource.getRepository(UserEntity).update({ email: doomed.email }, { disabled: true });
    for (const operation of operations) {
      expect({ operation: operation.name, code: await codeOf(doomed, operation) }).toEqual({
        operation: operation.name,
        code: 'UNAUTHENTICATED',
      });
    }
  });
});
