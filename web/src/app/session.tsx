import { type getSession, type GetSessionOutput } from '@mlebotics/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useAuth } from './AuthProvider';
import { call } from '../lib/functions';

const CURRENT_ORG_KEY = 'mle.currentOrg';

interface SessionState {
  session: GetSessionOutput | undefined;
  error: string | undefined;
  /** The organization the console acts for; the user switches it in the header. */
  currentOrgId: string | undefined;
  setCurrentOrgId(orgId: string): void;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/**
 * Loads the signed-in user's organizations and publishers (callable `getSession`); a different
 * user starts from an empty session.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const [loaded, setLoaded] = useState<{ uid: string; session: GetSessionOutput }>();
  const [error, setError] = useState<string>();
  const session = loaded && loaded.uid === user?.uid ? loaded.session : undefined;
  const [currentOrgId, setCurrentOrg] = useState<string | undefined>(
    () => localStorage.getItem(CURRENT_ORG_KEY) ?? undefined,
  );

  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(async () => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!user) return;
    let current = true;
    call<typeof getSession>('getSession', {}).then(
      (result) => {
        if (!current) return;
        setLoaded({ uid: user.uid, session: result });
        setError(undefined);
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [user, generation]);

  const setCurrentOrgId = useCallback((orgId: string) => {
    localStorage.setItem(CURRENT_ORG_KEY, orgId);
    setCurrentOrg(orgId);
  }, []);

  const effectiveOrgId = session?.orgs.some((o) => o.id === currentOrgId) ? currentOrgId : session?.orgs[0]?.id;
  const value = useMemo(
    () => ({ session, error, currentOrgId: effectiveOrgId, setCurrentOrgId, refresh }),
    [session, error, effectiveOrgId, setCurrentOrgId, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
