import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApplicationResolver } from '../modules/application/application.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { CategoryResolver } from '../modules/category/category.resolver.js';
import { HowToJoinResolver } from '../modules/how-to-join/how-to-join.resolver.js';
import { LabResolver } from '../modules/lab/lab.resolver.js';
import { NodeResolver } from '../modules/node/node.resolver.js';
import { ProgramResolver } from '../modules/program/program.resolver.js';
import { SpecResolver } from '../modules/spec/spec.resolver.js';
import { UserResolver } from '../modules/user/user.resolver.js';
import { authChecker } from '../shared/auth.js';

export const RESOLVERS = [
  CategoryResolver,
  ProgramResolver,
  LabResolver,
  SpecResolver,
  HowToJoinResolver,
  NodeResolver,
  AuthResolver,
  UserResolver,
  AuditResolver,
  ApplicationResolver,
] as const;

/**
 * Inputs are validated by the services with the domain's rules, so type-graphql's own
 * class-validator pass is off: one way to validate.
 */
export function buildCertHubSchema(emitSchemaFile?: string): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    validate: false,
    authChecker,
    emitSchemaFile: emitSchemaFile ? { path: emitSchemaFile, sortedSchema: false } : false,
  });
}
