import type { Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { isClosedTransaction, retryClosedTransactions } from './closed-transactions.js';

const closed = Object.assign(new Error('3 INVALID_ARGUMENT: Transaction is invalid or closed.'), { code: 3 });
const refused = Object.assign(new Error('3 INVALID_ARGUMENT: Document name is too long.'), { code: 3 });

/** A stand-in with only what the wrapper touches: a runTransaction that fails `failures` times. */
function fakeDb(failures: unknown[]) {
  const calls: number[] = [];
  const db = {
    async runTransaction(update: (tx: unknown) => Promise<unknown>) {
      calls.push(calls.length + 1);
      const failure = failures.shift();
      if (failure) throw failure;
      return update({});
    },
  };
  return { db: db as unknown as Firestore, calls };
}

describe('transactions the emulator closed', () => {
  it('recognises only the closed-transaction report', () => {
    expect(isClosedTransaction(closed)).toBe(true);
    expect(isClosedTransaction(refused)).toBe(false);
    expect(isClosedTransaction(Object.assign(new Error(closed.message), { code: 10 }))).toBe(false);
    expect(isClosedTransaction(undefined)).toBe(false);
  });

  it('starts a closed transaction again and returns its result', async () => {
    const { db, calls } = fakeDb([closed, closed]);
    retryClosedTransactions(db, 3);
    await expect(db.runTransaction(async () => 'done')).resolves.toBe('done');
    expect(calls).toHaveLength(3);
  });

  it('gives up after its attempts and passes any other error through at once', async () => {
    const tooMany = fakeDb([closed, closed, closed, closed]);
    retryClosedTransactions(tooMany.db, 3);
    await expect(tooMany.db.runTransaction(async () => 'done')).rejects.toBe(closed);
    expect(tooMany.calls).toHaveLength(3);

    const other = fakeDb([refused]);
    retryClosedTransactions(other.db, 3);
    await expect(other.db.runTransaction(async () => 'done')).rejects.toBe(refused);
    expect(other.calls).toHaveLength(1);
  });
});
