import 'reflect-metadata';
// The emitted schema lists the types that implement Node in the order their classes were declared
// (type-graphql's metadata), not in the order of RESOLVERS: declaring them here, before anything
// else loads them, in the committed order, keeps schema.graphql the same whatever the imports.
import '../modules/lab/lab.entity.js';
import '../modules/category/category.entity.js';
import '../modules/program/program.entity.js';
import '../modules/spec/spec.entity.js';
// The other types are listed in the order their classes load: context.ts (every service, so every
// entity) loads next, as it did when the resolvers imported it, which keeps that order stable.
import '../context.js';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiKeyResolver } from '../modules/api-key/api-key.resolver.js';
import { ApplicationResolver } from '../modules/application/application.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { CatalogHistoryResolver } from '../modules/catalog-history/catalog-history.resolver.js';
import { CatalogImportResolver } from '../modules/catalog-import/catalog-import.resolver.js';
import { CategoryResolver } from '../modules/category/category.resolver.js';
import { ChangeFeedResolver } from '../modules/change-feed/change-feed.resolver.js';
import { CertifiedProductResolver, ProgramDirectoryResolver, VendorResolver } from '../modules/directory/directory.resolver.js';
import { HowToJoinResolver } from '../modules/how-to-join/how-to-join.resolver.js';
import { LabResolver } from '../modules/lab/lab.resolver.js';
import { NodeResolver } from '../modules/node/node.resolver.js';
import { ProgramResolver } from '../modules/program/program.resolver.js';
import { ProgramStatusBatchResolver } from '../modules/program/program-status-batch.resolver.js';
import {
  ProgramScheduledChangesResolver,
  ScheduledChangeResolver,
} from '../modules/scheduled-change/scheduled-change.resolver.js';
import { SpecResolver } from '../modules/spec/spec.resolver.js';
import { UserResolver } from '../modules/user/user.resolver.js';
import { WatchResolver } from '../modules/watch/watch.resolver.js';
import { WebhookResolver } from '../modules/webhook/webhook.resolver.js';
import { SubscriptionResolver } from '../platform/subscription/subscription.resolver.js';
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
  ChangeFeedResolver,
  WatchResolver,
  WebhookResolver,
  SubscriptionResolver,
  ApplicationResolver,
  ApiKeyResolver,
  ProgramStatusBatchResolver,
  CatalogImportResolver,
  CatalogHistoryResolver,
  CertifiedProductResolver,
  VendorResolver,
  ProgramDirectoryResolver,
  ScheduledChangeResolver,
  ProgramScheduledChangesResolver,
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
    // Required by type-graphql for subscriptions; ours bring their own event source (ChangeStream).
    pubSub: createPubSub(),
    emitSchemaFile: emitSchemaFile ? { path: emitSchemaFile, sortedSchema: false } : false,
  });
}
