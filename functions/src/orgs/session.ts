import { collections, type GetSessionOutput, type OrgRole, type PublisherRole } from '@mlebotics/shared';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';

/** The caller's identity, organizations and publishers with their roles. */
export async function getSessionFor(context: CallContext): Promise<GetSessionOutput> {
  const [orgs, publishers] = await Promise.all([
    db.collection(collections.orgs).where('memberIds', 'array-contains', context.uid).get(),
    db.collection(collections.publishers).where('memberIds', 'array-contains', context.uid).get(),
  ]);
  return {
    uid: context.uid,
    email: context.email,
    isAdmin: context.isAdmin,
    orgs: orgs.docs.map((doc) => ({
      id: doc.id,
      name: String(doc.get('name')),
      role: doc.get(`members.${context.uid}`) as OrgRole,
    })),
    publishers: publishers.docs.map((doc) => ({
      id: doc.id,
      displayName: String(doc.get('displayName')),
      role: doc.get(`members.${context.uid}`) as PublisherRole,
      verified: doc.get('verified') === true,
    })),
  };
}
