import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { readFileSync } from 'node:fs';
import { PROJECT_ID, hosts } from './emulators.js';

const rulesFile = (name: string) => readFileSync(new URL(`../../../rules/${name}`, import.meta.url), 'utf8');
const hostPort = (hp: string) => ({ host: hp.split(':')[0]!, port: Number(hp.split(':')[1]) });

/** A rules-unit-testing environment on the running emulators with the repository's rules. */
export function rulesEnvironment(): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: rulesFile('firestore.rules'), ...hostPort(hosts.firestore) },
    storage: { rules: rulesFile('storage.rules'), ...hostPort(hosts.storage) },
  });
}
