import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { readFileSync } from 'node:fs';
import { PROJECT_ID, hosts } from './emulators.js';

const rulesFile = (name: string) => readFileSync(new URL(`../../../rules/${name}`, import.meta.url), 'utf8');
const hostPort = (hp: string) => ({ host: hp.split(':')[0]!, port: Number(hp.split(':')[1]) });

/**
 * Firestore rules tests that need no functions run in a project of their own: the Functions
 * emulator serves only PROJECT_ID, so no trigger reacts to their fixtures (a review trigger
 * publishing a seeded pending review would turn a deny case into an allow), and their wipes
 * never touch the data of the tests that do use the functions.
 */
export const RULES_PROJECT_ID = `${PROJECT_ID}-rules`;

/**
 * A rules-unit-testing environment on the running emulators with the repository's rules, in
 * `projectId` (default: the functions' project, for tests that need the triggers).
 */
export function rulesEnvironment(projectId = PROJECT_ID): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId,
    firestore: { rules: rulesFile('firestore.rules'), ...hostPort(hosts.firestore) },
    storage: { rules: rulesFile('storage.rules'), ...hostPort(hosts.storage) },
  });
}
