import { collection, doc, limit, onSnapshot, orderBy, query, where } from 'firebase/firestore';
import { collections, paths } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { db } from '../../lib/firebase';

interface Row {
  id: string;
  name: string;
  summary: string;
}

export function CatalogPage() {
  const [rows, setRows] = useState<Row[]>();
  const [count, setCount] = useState<number>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const q = query(
      collection(db, collections.plugins),
      where('visibility', '==', 'public'),
      orderBy('updatedAt', 'desc'),
      limit(24),
    );
    return onSnapshot(
      q,
      (snap) =>
        setRows(
          snap.docs.map((d) => ({ id: d.id, name: String(d.get('name')), summary: String(d.get('summary') ?? '') })),
        ),
      (e) => setError(e.message),
    );
  }, []);
  useEffect(
    () =>
      onSnapshot(
        doc(db, paths.catalogStats()),
        (snap) => setCount(snap.get('publicPlugins') as number | undefined),
        () => undefined,
      ),
    [],
  );

  if (error) return <p role="alert">Could not load the catalogue: {error}</p>;
  if (!rows) return <p aria-busy="true">Loading plugins…</p>;
  return (
    <section>
      <h1>Discover plugins</h1>
      <p className="muted" data-testid="catalog-count">
        {count ?? 0} plugins
      </p>
      {rows.length === 0 ? (
        <p>No plugins yet.</p>
      ) : (
        <ul className="cards" data-testid="plugin-list">
          {rows.map((r) => (
            <li key={r.id} className="card">
              <h2>{r.name}</h2>
              <p>{r.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
