import type { Firestore } from 'firebase-admin/firestore';

/**
 * Firestore reports a transaction it gave up on as INVALID_ARGUMENT "transaction has expired",
 * which the SDK's `runTransaction` retries. The emulator says "Transaction is invalid or closed"
 * for the same case (a transaction it closed on a lock timeout while many ran at once), which
 * the SDK does not recognise, so the call failed with `internal` where production would retry.
 */
const CLOSED = /transaction is invalid or closed/i;
const INVALID_ARGUMENT = 3;

export function isClosedTransaction(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === INVALID_ARGUMENT && typeof message === 'string' && CLOSED.test(message);
}

/**
 * Makes `db.runTransaction` start again (up to `attempts` times in all) when its transaction was
 * closed under it. Transaction bodies are retry-safe already: the SDK re-runs them on contention.
 * A closed transaction committed nothing, so starting again never applies a change twice.
 */
export function retryClosedTransactions(db: Firestore, attempts = 3): void {
  const run = db.runTransaction.bind(db);
  const retrying: Firestore['runTransaction'] = async (update, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(update, options);
      } catch (error) {
        if (attempt >= attempts || !isClosedTransaction(error)) throw error;
      }
    }
  };
  db.runTransaction = retrying;
}
