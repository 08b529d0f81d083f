import {
  addOrgMember,
  respondToInvitation,
  type CallableContract,
  type CallableInput,
  type CallableOutput,
  type OrgRole,
} from '@mlebotics/shared';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword, type Auth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable, type Functions } from 'firebase/functions';
import { connectStorageEmulator, getStorage, type FirebaseStorage } from 'firebase/storage';
import type { z } from 'zod';
import type { TestUser } from './admin.js';
import { PROJECT_ID, REGION, STORAGE_BUCKET, hosts } from './emulators.js';

let counter = 0;

/** A web-SDK client as a browser would have it, connected to the emulators. */
export interface Client {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
  storage: FirebaseStorage;
  uid: string | undefined;
  /** Calls as the console does: a rate-limited call waits the time the server says and is sent again. */
  call<C extends CallableContract<z.ZodType, unknown>>(
    contract: C,
    input: CallableInput<C>,
  ): Promise<CallableOutput<C>>;
  /** Calls once: a rate-limited call is refused. */
  callOnce<C extends CallableContract<z.ZodType, unknown>>(
    contract: C,
    input: CallableInput<C>,
  ): Promise<CallableOutput<C>>;
  close(): Promise<void>;
}

const hostPort = (hp: string): [string, number] => {
  const [host, port] = hp.split(':');
  return [host!, Number(port)];
};

/** A client signed in as `user` (or anonymous-less, signed out, without one). */
export async function connectClient(user?: TestUser): Promise<Client> {
  const app = initializeApp(
    { projectId: PROJECT_ID, apiKey: 'demo-api-key', storageBucket: STORAGE_BUCKET },
    `client-${++counter}`,
  );
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${hosts.auth}`, { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, ...hostPort(hosts.firestore));
  const functions = getFunctions(app, REGION);
  connectFunctionsEmulator(functions, ...hostPort(hosts.functions));
  const storage = getStorage(app);
  connectStorageEmulator(storage, ...hostPort(hosts.storage));
  if (user) await signInWithEmailAndPassword(auth, user.email, user.password);
  return {
    app,
    auth,
    db,
    functions,
    storage,
    uid: auth.currentUser?.uid,
    async callOnce(contract, input) {
      const fn = httpsCallable(functions, contract.name);
      return (await fn(input)).data as never;
    },
    async call(contract, input) {
      const fn = httpsCallable(functions, contract.name);
      // Parallel callers compete for the same tokens: each waits what it is told, plus jitter,
      // for as long as a test may reasonably wait.
      const giveUpAt = Date.now() + 300_000;
      for (;;) {
        try {
          return (await fn(input)).data as never;
        } catch (error) {
          const details = (error as { details?: { reason?: string; retryAfterSeconds?: number } }).details;
          if (details?.reason !== 'rate-limited' || Date.now() > giveUpAt) throw error;
          const wait = (details.retryAfterSeconds ?? 1) * 1000 + Math.random() * 1000;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
    close: () => deleteApp(app),
  };
}

/**
 * Makes `member` a member of `orgId` as real users do: `owner` invites their email, and they
 * accept the invitation signed in (their address must be verified).
 */
export async function joinOrg(owner: Client, member: TestUser, orgId: string, role: OrgRole): Promise<void> {
  const { invitationId } = await owner.call(addOrgMember, { orgId, email: member.email, role });
  const client = await connectClient(member);
  try {
    await client.call(respondToInvitation, { invitationId, accept: true });
  } finally {
    await client.close();
  }
}
