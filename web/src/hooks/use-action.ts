import { useCallback, useState } from 'react';
import type { Outcome } from '../components/ui/States';
import { errorText } from '../lib/functions';

/**
 * Runs one action at a time and keeps its outcome: `busy` while it runs, then the success text
 * (fixed, or made from the action's result) or what failed and what to do (`errorText`). `run` resolves to whether
 * the action succeeded.
 */
export function useAction() {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(action: () => Promise<T>, ok: string | ((result: T) => string)) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const result = await action();
      setOutcome({ ok: true, text: typeof ok === 'string' ? ok : ok(result) });
      return true;
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, outcome, setOutcome };
}
