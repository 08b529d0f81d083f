import { useCallback, useEffect, useState } from 'react';
import { CallError, errorText } from '../../../lib/functions';

/** A callable's answer: loading, ready, unreachable (no server answered) or refused with a message. */
export type CallData<T> =
  { status: 'loading' } | { status: 'unreachable' } | { status: 'error'; error: string } | { status: 'ready'; data: T };

/**
 * Loads a read-only callable's answer while mounted and again on `reload()` (after an action);
 * what was shown stays while it reloads. An outage is reported as such, never as an empty list.
 */
export function useCallData<T>(load: () => Promise<T>): { state: CallData<T>; reload: () => void } {
  const [state, setState] = useState<CallData<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        setState(
          error instanceof CallError && error.reason === 'unreachable'
            ? { status: 'unreachable' }
            : { status: 'error', error: errorText(error) },
        );
      },
    );
    return () => {
      current = false;
    };
    // `load` is a module-level function of the caller; reloading is explicit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
