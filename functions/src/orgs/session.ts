import type { GetSessionOutput } from '@mlebotics/shared';
import { cols } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';

/** The caller's identity, organizations and publishers with their roles. */
export async function getSession(context: CallContext): Promise<GetSessionOutput> {
  const [orgs, publishers] = await Promise.all([
    cols.orgs().where('memberIds', 'array-contains', context.uid).get(),
    cols.publishers().where('memberIds', 'array-contains', context.uid).get(),
  ]);
  return {
    uid: context.uid,
    email: context.email,
    isAdmin: context.isAdmin,
    orgs: orgs.docs.flatMap((doc) => {
      const { name, members } = doc.data();
      const role = members[context.uid];
      return role ? [{ id: doc.id, name, role }] : [];
    }),
    publishers: publishers.docs.flatMap((doc) => {
      const { displayName, members, verified } = doc.data();
      const role = members[context.uid];
      return role ? [{ id: doc.id, displayName, role, verified }] : [];
    }),
  };
}
