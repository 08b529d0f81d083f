// The emulators a load run needs, and the moment they can serve it.
import { EMULATOR_HOSTS, PROJECT_ID } from '../lib/firebase.mjs';

export const EMULATORS = ['auth', 'firestore', 'functions', 'storage'];

/**
 * Resolves once a callable answers with the callable protocol (the Functions emulator answers
 * HTTP before it has loaded the function definitions).
 */
export async function waitForFunctions(timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const url = `http://${EMULATOR_HOSTS.functions}/${PROJECT_ID}/us-central1/health`;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"data":{}}',
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.json().catch(() => undefined);
      if (body && ('result' in body || 'error' in body)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error?.message ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The functions did not answer within ${timeoutMs / 1000} s (${last}).`);
}
