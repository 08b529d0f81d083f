import { PUBLISHER_ID, paths, reservedReason } from '@mlebotics/shared';
import { getDoc } from 'firebase/firestore';
import { useEffect, useState } from 'react';
import { typedDoc } from '../../../lib/firestore';

/**
 * Checks a publisher id as it is typed (after a pause): its form, reserved names, and whether it
 * is taken. `undefined` while the answer for the current id is pending.
 */
export function usePublisherIdCheck(id: string): { text: string; ok: boolean } | undefined {
  const [availability, setAvailability] = useState<{ id: string; text: string; ok: boolean }>();
  useEffect(() => {
    if (!id) return;
    let current = true;
    const local = !PUBLISHER_ID.test(id)
      ? '2–40 lowercase letters, digits and single hyphens'
      : reservedReason(`${id}.x`);
    const handle = setTimeout(() => {
      if (local) {
        setAvailability({ id, text: local, ok: false });
        return;
      }
      void getDoc(typedDoc('publisherProfile', paths.publisherProfile(id))).then((snap) => {
        if (current) setAvailability({ id, text: snap.exists() ? 'taken' : 'available', ok: !snap.exists() });
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [id]);
  return availability?.id === id ? availability : undefined;
}
