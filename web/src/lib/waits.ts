import { useSyncExternalStore } from 'react';

/**
 * Calls waiting out a rate limit before they retry by themselves: what the console shows so a
 * person knows why their action is taking longer (components/ui/WaitNotice.tsx).
 */
export interface Wait {
  id: number;
  /** The callable waiting, e.g. `install`. */
  operation: string;
  /** Epoch milliseconds when it retries. */
  until: number;
}

let waits: readonly Wait[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: readonly Wait[]): void {
  waits = next;
  for (const listener of listeners) listener();
}

/** Records a wait; returns what ends it (call it when the retry starts, whatever happens). */
export function startWait(operation: string, ms: number): () => void {
  const wait = { id: nextId++, operation, until: Date.now() + ms };
  publish([...waits, wait]);
  return () => publish(waits.filter((w) => w !== wait));
}

export function useWaits(): readonly Wait[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => waits,
  );
}
