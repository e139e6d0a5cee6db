import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { session } from './apollo';
import { graphql } from './gql';
import type { SessionQuery } from './gql/graphql';

const SessionDocument = graphql(`
  query Session {
    me {
      id
      email
      emailVerified
      profile {
        displayName
      }
      employers {
        id
        name
      }
    }
  }
`);

const SignOutDocument = graphql(`
  mutation SignOut {
    signOut
  }
`);

export type Viewer = NonNullable<SessionQuery['me']>;

interface SessionValue {
  /** The signed-in user; null when anonymous. */
  viewer: Viewer | null;
  /** True while the viewer of a stored token is being loaded. */
  loading: boolean;
  /**
   * Why the viewer of a stored token could not be loaded (a server error, 429, no network): the
   * token is kept, so this is not signed out; pages for signed-in users show it with "Try again".
   * Null when loaded, anonymous, or the server said the session is over (UNAUTHENTICATED forgets
   * the token, apollo.ts).
   */
  error: unknown;
  /** Loads the viewer again after `error`. */
  retry(): void;
  signedIn(token: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
  const { data, loading, error, refetch } = useQuery(SessionDocument, { skip: !token, notifyOnNetworkStatusChange: true });
  const retry = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  const [signOutMutation] = useMutation(SignOutDocument);

  const signedIn = useCallback(
    async (newToken: string) => {
      session.set(newToken);
      // Everything cached was read as somebody else (or nobody): read it again as the new user.
      await client.resetStore();
    },
    [client],
  );

  const signOut = useCallback(async () => {
    const token = session.token();
    // Forget the token first, so that no request goes out with it once the server has revoked it.
    session.set(null);
    // Queries refetched as nobody show their own errors; in-flight ones are cancelled on purpose.
    await client.resetStore().catch(() => undefined);
    if (!token) return;
    try {
      await signOutMutation({ context: { headers: { authorization: `Bearer ${token}` } } });
    } catch {
      // The session may already be gone on the server; forgetting it here is what signs out.
    }
  }, [client, signOutMutation]);

  const value = useMemo<SessionValue>(
    () => ({
      viewer: token ? (data?.me ?? null) : null,
      loading: Boolean(token) && loading,
      error: token && !loading && !data?.me ? (error ?? null) : null,
      retry,
      signedIn,
      signOut,
    }),
    [token, data, loading, error, retry, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
