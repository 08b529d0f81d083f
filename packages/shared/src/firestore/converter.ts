import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini (small enough for the console's first route) ships no messages: English ones, so a
// DocumentShapeError says what is wrong with each field.
z.config(en());

/**
 * A Firestore timestamp of either SDK (client or Admin), checked by its shape: the shared
 * package imports neither SDK, and their Timestamp classes are distinct.
 */
export interface FirestoreTimestamp {
  readonly seconds: number;
  readonly nanoseconds: number;
  toMillis(): number;
  toDate(): Date;
}

export const timestampSchema = z.custom<FirestoreTimestamp>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FirestoreTimestamp).seconds === 'number' &&
    typeof (value as FirestoreTimestamp).nanoseconds === 'number' &&
    typeof (value as FirestoreTimestamp).toMillis === 'function',
  { message: 'must be a Firestore timestamp' },
);

/** A document that does not have the shape its schema gives it (read or written). */
export class DocumentShapeError extends Error {
  readonly path: string;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(path: string, error: z.core.$ZodError) {
    const issues = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(document)',
      message: issue.message,
    }));
    super(
      `The document ${path} does not have the expected shape: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    );
    this.name = 'DocumentShapeError';
    this.path = path;
    this.issues = issues;
  }
}

/** What both SDKs' snapshots offer a converter (structural: no SDK is imported here). */
export interface SnapshotLike {
  readonly ref: { readonly path: string };
  data(options?: unknown): unknown;
}

/** Parses document data with its schema, or throws a DocumentShapeError naming the path and fields. */
export function parseDocument<S extends z.core.$ZodType>(schema: S, path: string, data: unknown): z.output<S> {
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) throw new DocumentShapeError(path, parsed.error);
  return parsed.data;
}

/**
 * A typed converter from a document schema, with the shape of both SDKs'
 * `FirestoreDataConverter<T, T>` (the stored shape is the model: no encoding). Reads parse with
 * the schema; writes are typed by the SDK from `T` (`WithFieldValue<T>`, `UpdateData<T>`) and
 * pass through unchanged, since they may carry sentinels (server timestamps, increments).
 */
export interface DocumentConverter<T> {
  readonly schema: z.core.$ZodType<T>;
  /** Writes pass through: `model` may hold sentinels where `T` has values (the SDKs' `WithFieldValue<T>`). */
  toFirestore(model: T): T;
  toFirestore(model: Partial<T>, options: unknown): Partial<T>;
  fromFirestore(snapshot: SnapshotLike, options?: unknown): T;
}

export function documentConverter<S extends z.core.$ZodType>(schema: S): DocumentConverter<z.output<S>> {
  return {
    schema: schema as unknown as z.core.$ZodType<z.output<S>>,
    toFirestore: <M>(model: M) => model,
    fromFirestore: (snapshot, options) => parseDocument(schema, snapshot.ref.path, snapshot.data(options)),
  };
}
