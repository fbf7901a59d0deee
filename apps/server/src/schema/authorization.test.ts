import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
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

/** How to reach one object of a type, for staff-only fields on public types. */
const REACH_ONE: Record<string, (selection: string) => string> = {
  Program: (selection) => `{ programs(first: 1) { edges { node { ${selection} } } } }`,
  Category: (selection) => `{ categories { ${selection} } }`,
  Lab: (selection) => `{ labs { ${selection} } }`,
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

  it('declares a role on every mutation but the public ones', () => {
    const unprotected = Object.values(schema.getMutationType()?.getFields() ?? {})
      .filter((field) => !PUBLIC_MUTATIONS.has(field.name) && !requiredRoleOf(field))
      .map((field) => field.name);
    expect(unprotected).toEqual([]);
    expect(operations.length).toBeGreaterThan(5);
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
