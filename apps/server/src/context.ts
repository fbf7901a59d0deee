import type { DataSource } from 'typeorm';
import { ApiKeyService } from './modules/api-key/api-key.service.js';
import {
  type ApplicationPolicy,
  ApplicationService,
  DEFAULT_APPLICATION_POLICY,
} from './modules/application/application.service.js';
import { ApplicationPipelineService } from './modules/application/application-pipeline.service.js';
import { ApplicationReviewService } from './modules/application/application-review.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { LoginThrottle, type LoginThrottlePolicy } from './modules/auth/login-throttle.js';
import { CatalogHistoryService } from './modules/catalog-history/catalog-history.service.js';
import { CatalogImportService } from './modules/catalog-import/catalog-import.service.js';
import { type CatalogReadModel, CatalogReadModelService } from './modules/catalog-read-model/catalog-read-model.service.js';
import { CategoryService } from './modules/category/category.service.js';
import { CategoryEditService } from './modules/category/category-edit.service.js';
import { ChangeFeedService } from './modules/change-feed/change-feed.service.js';
import { DirectoryService } from './modules/directory/directory.service.js';
import { ListingEditService } from './modules/directory/listing-edit.service.js';
import { ProductImportService } from './modules/directory/product-import.service.js';
import { HowToJoinService } from './modules/how-to-join/how-to-join.service.js';
import { LabService } from './modules/lab/lab.service.js';
import { LabEditService } from './modules/lab/lab-edit.service.js';
import { ProgramService } from './modules/program/program.service.js';
import { ProgramEditService } from './modules/program/program-edit.service.js';
import { ProgramStatusBatchService } from './modules/program/program-status-batch.service.js';
import { ScheduledChangeService } from './modules/scheduled-change/scheduled-change.service.js';
import { SpecService } from './modules/spec/spec.service.js';
import { SpecEditService } from './modules/spec/spec-edit.service.js';
import { UserService } from './modules/user/user.service.js';
import { WatchService } from './modules/watch/watch.service.js';
import { type WebhookPolicy, WebhookService } from './modules/webhook/webhook.service.js';
import type { ApiClient } from './platform/api/api-client.js';
import type { CacheSlot } from './platform/api/response-cache.js';
import { type CounterStore, memoryCounters } from './platform/counters.js';
import { RecipientCap } from './platform/notification/recipient-cap.js';
import { type SessionPolicy, SessionService } from './platform/session/session.service.js';
import { ChangeStream } from './platform/subscription/change-stream.js';
import { type Clock, systemClock } from './shared/clock.js';
import { loaderByKey, loaderOfLists } from './shared/loader-factory.js';
import type { Actor, RequestInfo, SessionCookie } from './shared/request-context.js';

export interface ServiceOptions {
  session: SessionPolicy;
  loginThrottle?: LoginThrottlePolicy;
  /** Submission limits and where staff notifications go; the defaults when left out. */
  applications?: ApplicationPolicy;
  /** Where throttling counters live (memory by default; Redis when REDIS_URL is set). */
  counters?: CounterStore;
  /** Emails the public can cause per recipient address per day (EMAILS_PER_RECIPIENT_PER_DAY); 5 when left out. */
  emailsPerRecipientPerDay?: number;
  /** Webhook deliveries: private addresses refused unless allowed (development, tests). */
  webhooks?: WebhookPolicy;
  /** What time it is for scheduled changes; the machine's clock when left out (tests move their own). */
  clock?: Clock;
}

/** Stateless services (and the in-memory login throttle), built once per server. */
export function createServices(dataSource: DataSource, options: ServiceOptions) {
  const sessions = new SessionService(dataSource, options.session);
  const users = new UserService(dataSource, sessions);
  const counters = options.counters ?? memoryCounters();
  // One cap for every email the public can cause: watch confirmations and application receipts alike.
  const recipientCap = new RecipientCap(options.emailsPerRecipientPerDay, counters);
  const programEdits = new ProgramEditService(dataSource);
  return {
    dataSource,
    categories: new CategoryService(dataSource),
    categoryEdits: new CategoryEditService(dataSource),
    programs: new ProgramService(dataSource),
    programEdits,
    scheduledChanges: new ScheduledChangeService(dataSource, programEdits, options.clock ?? systemClock),
    programStatusBatches: new ProgramStatusBatchService(dataSource),
    catalogImport: new CatalogImportService(dataSource),
    catalogReadModel: new CatalogReadModelService(dataSource),
    catalogHistory: new CatalogHistoryService(dataSource),
    labs: new LabService(dataSource),
    labEdits: new LabEditService(dataSource),
    specs: new SpecService(dataSource),
    specEdits: new SpecEditService(dataSource),
    howToJoin: new HowToJoinService(dataSource),
    directory: new DirectoryService(dataSource),
    listingEdits: new ListingEditService(dataSource),
    productImport: new ProductImportService(dataSource),
    sessions,
    users,
    audit: new AuditService(dataSource),
    changeFeed: new ChangeFeedService(dataSource),
    watches: new WatchService(dataSource, counters, recipientCap),
    // Subscriptions read committed changes from the audit trail, four times a second while anyone listens.
    changes: new ChangeStream(dataSource, { intervalMs: 250, entityTypes: ['Program', 'Application', 'CertifiedProduct'] }),
    webhooks: new WebhookService(dataSource, options.webhooks ?? { allowPrivateAddresses: false, timeoutMs: 5_000 }),
    auth: new AuthService(dataSource, sessions, users, new LoginThrottle(options.loginThrottle, counters)),
    apiKeys: new ApiKeyService(dataSource),
    applications: new ApplicationService(dataSource, options.applications ?? DEFAULT_APPLICATION_POLICY, counters, recipientCap),
    applicationReviews: new ApplicationReviewService(dataSource, options.applications ?? DEFAULT_APPLICATION_POLICY),
    applicationPipeline: new ApplicationPipelineService(dataSource),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request loaders: every relation of the schema is batched through one of these. */
export function createLoaders(services: Services) {
  const byId = <T extends { id: number }>(fetch: (ids: readonly number[]) => Promise<T[]>) => loaderByKey(fetch, (row) => row.id);
  return {
    categoryById: byId((ids) => services.categories.findByIds(ids)),
    programById: byId((ids) => services.programs.findByIds(ids)),
    /** The staff-only columns the read model leaves out, for staff reading programs from it. */
    staffProgramFieldsById: byId((ids) => services.programs.findStaffFields(ids)),
    labById: byId((ids) => services.labs.findByIds(ids)),
    specById: byId((ids) => services.specs.findByIds(ids)),
    listedProgramsByCategoryId: loaderOfLists((ids: readonly number[]) => services.programs.findListedByCategoryIds(ids)),
    listedProgramsByLabId: loaderOfLists((ids: readonly number[]) => services.programs.findListedByLabIds(ids)),
    specsByProgramId: loaderOfLists((ids: readonly number[]) => services.specs.findByProgramIds(ids)),
    labsByProgramId: loaderOfLists((ids: readonly number[]) => services.labs.findByProgramIds(ids)),
    statusHistoryByProgramId: loaderOfLists((ids: readonly number[]) => services.programs.findStatusHistory(ids)),
    historyByProgramId: loaderOfLists((ids: readonly number[]) => services.catalogHistory.timelines(ids)),
    pendingScheduledChangesByProgramId: loaderOfLists((ids: readonly number[]) =>
      services.scheduledChanges.findPendingByProgramIds(ids),
    ),
    applicationEventsByApplicationId: loaderOfLists((ids: readonly number[]) => services.applicationReviews.findEvents(ids)),
    partnerPlacesTakenByProgramId: loaderByKey(
      (ids: readonly number[]) => services.applicationPipeline.partnerPlacesTaken(ids),
      (row) => row.programId,
    ),
    lastWebhookDeliveryByEndpointId: loaderByKey(
      (ids: readonly number[]) => services.webhooks.lastDeliveries(ids),
      (delivery) => delivery.endpointId,
    ),
    vendorById: byId((ids) => services.directory.findVendorsByIds(ids)),
    certifiedProductById: byId((ids) => services.directory.findByIds(ids)),
    certifiedProductsByProgramId: loaderOfLists((ids: readonly number[]) => services.directory.findByProgramIds(ids)),
    certifiedProductsByVendorId: loaderOfLists((ids: readonly number[]) => services.directory.findByVendorIds(ids)),
    listingHistoryByProductId: loaderOfLists((ids: readonly number[]) => services.directory.findStatusHistory(ids)),
    productColumnsByProgramId: loaderOfLists((ids: readonly number[]) => services.directory.findColumns(ids)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  services: Services;
  loaders: Loaders;
  actor: Actor | null;
  request: RequestInfo;
  sessionCookie: SessionCookie;
  /** Set by a resolver whose answer is private to the caller (an applicant's own application): never cached. */
  privateAnswer?: boolean;
  /** Who is calling for rate limiting and logs: anonymous (by address), an API key, or staff. */
  client: ApiClient;
  /** Where the response cache keeps this request's answer, when it may (see platform/api/response-cache.ts). */
  responseCacheSlot?: CacheSlot | null;
  /**
   * The public catalogue in memory, at least as new as what was committed when the request came
   * (see modules/catalog-read-model). One per request, so all of a request's answer comes from one
   * revision. Staff read it too: every change to a program, a category, a lab or a spec moves the
   * revision (record-change.ts), so it is as new as the database for them; what only staff may
   * read (a program's staff-only columns, unannounced scheduled changes) their resolvers load
   * beside it, batched.
   */
  publicCatalog(): Promise<CatalogReadModel | null>;
}

export async function createContext(
  services: Services,
  {
    request,
    sessionToken,
    sessionCookie,
    client,
  }: { request: RequestInfo; sessionToken: string | undefined; sessionCookie: SessionCookie; client?: ApiClient },
): Promise<Context> {
  // An API key gives read access and a quota, never staff rights: with one, the cookie is not read.
  const readsSession = sessionToken && client?.kind !== 'api-key';
  const session = readsSession ? await services.sessions.resolve(sessionToken) : null;
  if (readsSession && !session) sessionCookie.clear();
  const actor = session ? { user: session.user, sessionId: session.sessionId } : null;
  let publicCatalog: Promise<CatalogReadModel | null> | undefined;
  const context: Context = {
    services,
    loaders: createLoaders(services),
    actor,
    request,
    sessionCookie,
    client: actor ? { kind: 'staff', id: `staff:${actor.user.id}` } : (client ?? { kind: 'anonymous', id: 'anonymous' }),
    publicCatalog() {
      publicCatalog ??= services.catalogReadModel.modelAt(context.responseCacheSlot?.revision);
      return publicCatalog;
    },
  };
  return context;
}
