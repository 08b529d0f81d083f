import { paths, words, type ListingDoc } from '@mlebotics/shared';
import { doc, onSnapshot } from 'firebase/firestore';
import { useEffect, useState } from 'react';
import { db } from '../../../lib/firebase';

export type Listing = ListingDoc & { id: string; searchTokens?: string[] };

/** The number of public plugins, live from the catalogue's statistics document. */
export function useCatalogCount(): number | undefined {
  const [count, setCount] = useState<number>();
  useEffect(
    () =>
      onSnapshot(
        doc(db, paths.catalogStats()),
        (snap) => setCount(snap.get('publicPlugins') as number | undefined),
        () => undefined,
      ),
    [],
  );
  return count;
}

/**
 * Firestore matches one search token (the longest word); the other words of a multi-word search
 * refine the loaded page here, against the same prefix tokens.
 */
export function matchesAllWords(listing: Listing, q: string | undefined): boolean {
  if (!q) return true;
  const tokens = new Set(listing.searchTokens ?? []);
  return words(q).every((w) => tokens.has(w.slice(0, 15)));
}
