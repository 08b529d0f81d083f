import {
  collection,
  doc,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type DocumentReference,
  type Firestore,
  type FirestoreDataConverter,
  type Query,
  type QueryConstraint,
  type Timestamp,
} from 'firebase/firestore';
import { converters, DocumentShapeError, type DocumentOf } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { connectionTracker, reportOffline } from './connection';
import { db, publicDb } from './firebase';
import type { DocKind, QuerySpec } from './queries';

/** The stored type of a document kind. */
export type DocOf<K extends DocKind> = DocumentOf<(typeof converters)[K]>;

/**
 * The converter of a document kind, typed for the web SDK: parse on read, and writes typed by
 * the kind's stored shape (`WithFieldValue<T>` for a set, `UpdateData<T>` for an update).
 */
function converterOf<K extends DocKind>(kind: K): FirestoreDataConverter<DocOf<K>, DocOf<K>> {
  // The shared converter is SDK-neutral (structural); its shape is the SDK's for the same `T`.
  return converters[kind] as unknown as FirestoreDataConverter<DocOf<K>, DocOf<K>>;
}

/** A typed reference to one document of a kind (reads parsed by its schema, writes typed by it). */
export function typedDoc<K extends DocKind>(
  kind: K,
  path: string,
  database: Firestore = db,
): DocumentReference<DocOf<K>, DocOf<K>> {
  return doc(database, path).withConverter(converterOf(kind));
}

/**
 * Which client reads: the user's (the default), or `public` for data anyone may read (the
 * public catalogue), which does not wait for the session to be restored.
 */
export interface ReadOptions {
  public?: boolean;
}

const databaseFor = (options: ReadOptions | undefined): Firestore => (options?.public ? publicDb : db);

/** Builds a typed Firestore query from its declared spec (lib/queries.ts). */
export function toQuery<K extends DocKind>(spec: QuerySpec<K>, database: Firestore = db): Query<DocOf<K>, DocOf<K>> {
  const constraints: QueryConstraint[] = [
    ...spec.filters.map((f) => where(f.field, f.op, f.value)),
    ...spec.orderBy.map((o) => orderBy(o.field, o.direction)),
  ];
  if (spec.limit) constraints.push(limit(spec.limit));
  return query(collection(database, spec.collection), ...constraints).withConverter(converterOf(spec.kind));
}

/**
 * A live value: loading; ready (from the server, or `stale` when only the local copy is left
 * while the server cannot be reached); unreachable (nothing loaded and no server); or an error.
 */
export type Live<T> =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'error'; error: string }
  | { status: 'ready'; data: T; stale: boolean };

/** Server timestamps this client just wrote read as the local estimate, not null. */
const READ = { serverTimestamps: 'estimate' } as const;

function readError(error: unknown): string {
  return error instanceof DocumentShapeError
    ? `The marketplace sent data this console cannot read (${error.message}) Reload the page; if it persists, tell us.`
    : describeFirestoreError(error as { code?: string; message: string });
}

/**
 * Subscribes to a query (live) while mounted; re-subscribes when `key` changes. Rows are parsed
 * with their kind's schema and carry their document id. Passing `null` subscribes to nothing.
 * What was loaded stays shown (marked stale) while the server cannot be reached.
 */
export function useLiveQuery<K extends DocKind>(
  spec: QuerySpec<K> | null,
  key: string,
  options?: ReadOptions,
): Live<Array<DocOf<K> & { id: string }>> {
  type Rows = Array<DocOf<K> & { id: string }>;
  const [state, setState] = useState<{ key: string; value: Live<Rows> }>({ key, value: { status: 'loading' } });
  useEffect(() => {
    if (!spec) return;
    let last: Rows | undefined;
    const track = connectionTracker();
    return onSnapshot(
      toQuery(spec, databaseFor(options)),
      { includeMetadataChanges: true },
      (snap) => {
        const fromCache = snap.metadata.fromCache;
        if (fromCache && snap.empty && !last) {
          reportOffline();
          setState({ key, value: { status: 'unreachable' } });
          return;
        }
        track(snap.metadata);
        try {
          last = snap.docs.map((d) => ({ ...d.data(READ), id: d.id }));
          setState({
            key,
            value: { status: 'ready', data: last, stale: fromCache && !snap.metadata.hasPendingWrites },
          });
        } catch (error) {
          setState({ key, value: { status: 'error', error: readError(error) } });
        }
      },
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

export interface LiveDocument<T> {
  loading: boolean;
  data?: T;
  error?: string;
  /** Nothing was loaded and the server cannot be reached (not "does not exist"). */
  unreachable?: boolean;
  /** Shown from the local copy while the server cannot be reached. */
  stale?: boolean;
}

/**
 * Subscribes to one document while mounted, parsed with its kind's schema; `null` subscribes to
 * nothing. A document that only the local cache answers for, and it has nothing, is reported
 * as unreachable, never as missing.
 */
export function useDocument<K extends DocKind>(
  kind: K,
  path: string | null,
  options?: ReadOptions,
): LiveDocument<DocOf<K>> {
  const isPublic = !!options?.public;
  type State = LiveDocument<DocOf<K>> & { path: string | null };
  const [state, setState] = useState<State>({ path, loading: true });
  useEffect(() => {
    if (!path) return;
    let seen = false;
    const track = connectionTracker();
    return onSnapshot(
      typedDoc(kind, path, databaseFor({ public: isPublic })),
      { includeMetadataChanges: true },
      (snap) => {
        const fromCache = snap.metadata.fromCache;
        if (fromCache && !snap.exists() && !seen) {
          reportOffline();
          setState({ path, loading: false, unreachable: true });
          return;
        }
        track(snap.metadata);
        seen = true;
        try {
          setState({ path, loading: false, data: snap.exists() ? snap.data(READ) : undefined, stale: fromCache });
        } catch (error) {
          setState({ path, loading: false, error: readError(error) });
        }
      },
      (error) => setState({ path, loading: false, error: describeFirestoreError(error) }),
    );
  }, [kind, path, isPublic]);
  if (state.path !== path) return { loading: true };
  const { path: _path, ...value } = state;
  return value;
}
