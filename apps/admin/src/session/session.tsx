import { useApolloClient, useQuery } from '@apollo/client/react';
import { roleAllows, type StaffRole } from '@certhub/domain/staff';
import { Loading } from '@certhub/web-ui/QueryState';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { SessionProblem } from '../apollo.js';
import type { SessionProvider_MeFragment } from '../gql/graphql.js';
import { getFragmentData, graphql } from '../gql/index.js';

export const SessionProvider_me = graphql(`
  fragment SessionProvider_me on User {
    id
    email
    displayName
    role
    mustChangePassword
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...SessionProvider_me
    }
  }
`);

/** Why the sign-in page is shown: it says so above the form. */
export type SignedOutReason = 'expired' | 'signed-out' | null;

interface Session {
  me: SessionProvider_MeFragment | null;
  loading: boolean;
  signedOutReason: SignedOutReason;
  /** After sign-in (or a password change): the console starts afresh as this user. */
  signedIn(): Promise<void>;
  /** After sign-out: nothing of the previous user stays in memory. */
  signedOut(reason: SignedOutReason): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Problems the API reports about the session, from any request, told to the provider. */
export function createSessionEvents() {
  const listeners = new Set<(problem: SessionProblem) => void>();
  return {
    emit: (problem: SessionProblem) => {
      for (const listener of listeners) listener(problem);
    },
    subscribe(listener: (problem: SessionProblem) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type SessionEvents = ReturnType<typeof createSessionEvents>;

export function SessionProvider({ events, children }: { events: SessionEvents; children: ReactNode }) {
  const client = useApolloClient();
  const { data, loading } = useQuery(MeQuery, { fetchPolicy: 'cache-first' });
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason>(null);

  // The cache is emptied either way, so that nothing of one user stays for the next; who is signed in
  // is then asked again (the session cookie says).
  const signedIn = useCallback(async () => {
    await client.clearStore();
    await client.refetchQueries({ include: [MeQuery] });
    setSignedOutReason(null);
  }, [client]);
  const signedOut = useCallback(
    async (reason: SignedOutReason) => {
      setSignedOutReason(reason);
      await client.clearStore();
      await client.refetchQueries({ include: [MeQuery] });
    },
    [client],
  );

  useEffect(
    () =>
      events.subscribe((problem) => {
        if (problem === 'expired') {
          // Only once: every request in flight reports the same ended session.
          if (client.readQuery({ query: MeQuery })?.me) void signedOut('expired');
        } else {
          void client.refetchQueries({ include: [MeQuery] });
        }
      }),
    [events, client, signedOut],
  );

  const session = useMemo<Session>(
    () => ({
      me: getFragmentData(SessionProvider_me, data?.me) ?? null,
      loading: loading && !data,
      signedOutReason,
      signedIn,
      signedOut,
    }),
    [data, loading, signedOutReason, signedIn, signedOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it.');
  return session;
}

/** Where to go back to after signing in: a path of the console, never another site. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** Screens for signed-in staff: others sign in first, and come back here after. */
export function RequireStaff() {
  const { me, loading } = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (loading) return <Loading what="your session" />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;
  if (me.mustChangePassword) return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
  return <Outlet />;
}

/** Screens for one role and up; others are told why rather than shown an empty page. */
export function RequireRole({ needs: role }: { needs: StaffRole }) {
  const { me } = useSession();
  if (!me || !roleAllows(me.role, role)) {
    return (
      <section aria-labelledby="forbidden-heading">
        <h1 id="forbidden-heading">{role === 'ADMIN' ? 'Admins only' : 'Not for your role'}</h1>
        <p>
          This screen needs the {role} role. You are signed in as {me?.email} ({me?.role}): ask an admin if something here needs
          changing.
        </p>
      </section>
    );
  }
  return <Outlet />;
}
