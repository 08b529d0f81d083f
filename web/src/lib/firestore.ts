import {
  collection,
  doc,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type DocumentData,
  type Query,
  type QueryConstraint,
  type Timestamp,
} from 'firebase/firestore';
import { useEffect, useState } from 'react';
import { db } from './firebase';
import type { QuerySpec } from './queries';

/** Builds a Firestore query from its declared spec (lib/queries.ts). */
export function toQuery(spec: QuerySpec): Query<DocumentData> {
  const constraints: QueryConstraint[] = [
    ...spec.filters.map((f) => where(f.field, f.op, f.value)),
    ...spec.orderBy.map((o) => orderBy(o.field, o.direction)),
  ];
  if (spec.limit) constraints.push(limit(spec.limit));
  return query(collection(db, spec.collection), ...constraints);
}

export type Live<T> = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; data: T };

/**
 * Subscribes to a query (live) while mounted; re-subscribes when `key` changes. Rows carry
 * their document id. Passing `null` subscribes to nothing.
 */
export function useLiveQuery<T>(spec: QuerySpec | null, key: string): Live<Array<T & { id: string }>> {
  const [state, setState] = useState<{ key: string; value: Live<Array<T & { id: string }>> }>({
    key,
    value: { status: 'loading' },
  });
  useEffect(() => {
    if (!spec) return;
    return onSnapshot(
      toQuery(spec),
      (snap) =>
        setState({ key, value: { status: 'ready', data: snap.docs.map((d) => ({ ...(d.data() as T), id: d.id })) } }),
      (error) => setState({ key, value: { status: 'error', error: describeFirestoreError(error) } }),
    );
    // The spec is derived from `key`; re-subscribing on key alone avoids loops on new objects.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state.value : { status: 'loading' };
}

export function describeFirestoreError(error: { code?: string; message: string }): string {
  if (error.code === 'permission-denied') return 'You do not have access to this.';
  if (error.code === 'failed-precondition') return `The database is missing an index for this view: ${error.message}`;
  if (error.code === 'unavailable') return 'The marketplace cannot be reached; check your connection.';
  return error.message;
}

/** Milliseconds of a Firestore timestamp (or undefined while the server sets it). */
export const millis = (t: unknown): number | undefined => (t as Timestamp | null | undefined)?.toMillis?.();

export function formatDate(t: unknown): string {
  const ms = millis(t);
  return ms === undefined
    ? '—'
    : new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Subscribes to one document while mounted; `null` subscribes to nothing. */
export function useDocument<T>(path: string | null): { loading: boolean; data?: T; error?: string } {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: string; loaded: boolean }>({
    path,
    loaded: false,
  });
  useEffect(() => {
    if (!path) return;
    return onSnapshot(
      doc(db, path),
      (snap) => setState({ path, data: snap.exists() ? (snap.data() as T) : undefined, loaded: true }),
      (error) => setState({ path, error: describeFirestoreError(error), loaded: true }),
    );
  }, [path]);
  if (state.path !== path) return { loading: true };
  return { loading: !state.loaded, data: state.data, error: state.error };
}
