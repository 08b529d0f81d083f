import { useCallback, useEffect, useState } from 'react';
import { retryDelay } from '../lib/connection';
import { CallError, errorText } from '../lib/functions';

/** A callable's answer: loading, ready, unreachable (no server answered) or refused with a message. */
export type CallData<T> =
  { status: 'loading' } | { status: 'unreachable' } | { status: 'error'; error: string } | { status: 'ready'; data: T };

/**
 * Loads a read-only callable's answer while mounted and again on `reload()` (after an action);
 * what was shown stays while it reloads. An outage is reported as such, never as an empty list,
 * and the call is tried again on a backoff and as soon as the browser is back online.
 */
export function useCallData<T>(load: () => Promise<T>): { state: CallData<T>; reload: () => void } {
  const [state, setState] = useState<CallData<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    let failures = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      clearTimeout(retryTimer);
      load().then(
        (data) => {
          failures = 0;
          if (current) setState({ status: 'ready', data });
        },
        (error: unknown) => {
          if (!current) return;
          if (error instanceof CallError && error.reason === 'unreachable') {
            retryTimer = setTimeout(attempt, retryDelay(failures++));
            setState({ status: 'unreachable' });
          } else {
            setState({ status: 'error', error: errorText(error) });
          }
        },
      );
    };
    const onOnline = () => {
      if (failures > 0) attempt();
    };
    window.addEventListener('online', onOnline);
    attempt();
    return () => {
      current = false;
      clearTimeout(retryTimer);
      window.removeEventListener('online', onOnline);
    };
    // `load` is a module-level function of the caller (or keyed by the caller's component);
    // reloading is explicit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
