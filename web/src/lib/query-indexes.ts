import type { QuerySpec } from './queries';

/** A composite index as firestore.indexes.json declares it. */
export interface IndexSpec {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: Array<{ fieldPath: string; order?: 'ASCENDING' | 'DESCENDING'; arrayConfig?: 'CONTAINS' }>;
}

/** The last segment of a collection path: what Firestore calls its collection group. */
export const collectionGroupOf = (collection: string) => collection.split('/').at(-1)!;

/**
 * The composite indexes a query needs. Firestore serves equality and array-contains filters
 * combined with an order on another field by merging one (filter, order) index per filter, so
 * each filter needs its own pair; queries without such an order run on single-field indexes.
 */
export function requiredIndexes(spec: QuerySpec): IndexSpec[] {
  const order = spec.orderBy[0];
  if (!order) return [];
  const collectionGroup = collectionGroupOf(spec.collection);
  return spec.filters
    .filter((f) => f.field !== order.field)
    .map((f) => ({
      collectionGroup,
      queryScope: 'COLLECTION' as const,
      fields: [
        f.op === 'array-contains'
          ? { fieldPath: f.field, arrayConfig: 'CONTAINS' as const }
          : { fieldPath: f.field, order: 'ASCENDING' as const },
        ...spec.orderBy.map((o) => ({
          fieldPath: o.field,
          order: o.direction === 'desc' ? ('DESCENDING' as const) : ('ASCENDING' as const),
        })),
      ],
    }));
}

export const indexKey = (index: IndexSpec) =>
  `${index.collectionGroup}|${index.queryScope}|${index.fields.map((f) => `${f.fieldPath}:${f.order ?? f.arrayConfig}`).join(',')}`;
