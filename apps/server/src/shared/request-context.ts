import type { UserEntity } from '../modules/user/user.entity.js';

// The request-scoped types that services and resolvers share. They live below the services so that
// context.ts, which builds every service, only assembles: nothing it builds imports it back.

/** The signed-in staff member making the request. */
export interface Actor {
  user: UserEntity;
  sessionId: string;
}

/** Where a request came from, for sessions, throttling and the audit trail. */
export interface RequestInfo {
  requestId: string;
  /** The client's address as `clientAddress` (platform/api/client-address.ts) derives it; counters key it with `clientKey`. */
  ip: string | null;
  userAgent: string | null;
}

/** Lets a resolver set or clear the session cookie on the response. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** Who the audit trail names for a change; the system (imports, bootstrap) has no user or request. */
export interface AuditActor {
  actor: string;
  actorId: number | null;
  requestId: string | null;
}

export function auditActorOf(context: { actor: Actor | null; request: RequestInfo }): AuditActor {
  return {
    actor: context.actor?.user.email ?? 'anonymous',
    actorId: context.actor?.user.id ?? null,
    requestId: context.request.requestId,
  };
}
