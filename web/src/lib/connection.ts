import { useSyncExternalStore } from 'react';

/**
 * Whether the console can reach the marketplace's database, as the Firestore listeners see it:
 * a snapshot served only from the local cache with nothing in it means the SDK gave up on the
 * server (it retries on its own); the next snapshot from the server means it is back.
 */
export type Connection = { state: 'online' } | { state: 'offline' } | { state: 'back'; at: number };

/**
 * Backoff between automatic attempts of a call while no server answers (each attempt is itself a
 * call with its own short retries); the browser's `online` event tries at once.
 */
export const UNREACHABLE_RETRY_MS = [2000, 5000, 10_000, 20_000, 30_000];

/** The wait before the next attempt after `failures` failed ones. */
export const retryDelay = (failures: number): number =>
  UNREACHABLE_RETRY_MS[Math.min(failures, UNREACHABLE_RETRY_MS.length - 1)]!;

let current: Connection = { state: 'online' };
const listeners = new Set<() => void>();
/** How long "connected again" stays shown. */
const BACK_NOTICE_MS = 5000;

function set(next: Connection): void {
  current = next;
  for (const listener of listeners) listener();
}

/** A listener got a snapshot only from the cache with nothing in it: the server is unreachable. */
export function reportOffline(): void {
  if (current.state !== 'offline') set({ state: 'offline' });
}

/** A listener got a snapshot from the server. */
export function reportOnline(): void {
  if (current.state !== 'offline') return;
  const at = Date.now();
  set({ state: 'back', at });
  setTimeout(() => {
    if (current.state === 'back' && current.at === at) set({ state: 'online' });
  }, BACK_NOTICE_MS);
}

export function useConnection(): Connection {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/**
 * Follows one listener's snapshots for the connection state: a snapshot from the server means
 * online; a later one only from the cache (not caused by a local write) means it dropped.
 */
export function connectionTracker(): (metadata: { fromCache: boolean; hasPendingWrites: boolean }) => void {
  let fresh = false;
  return ({ fromCache, hasPendingWrites }) => {
    if (!fromCache) {
      fresh = true;
      reportOnline();
    } else if (fresh && !hasPendingWrites) {
      fresh = false;
      reportOffline();
    }
  };
}
