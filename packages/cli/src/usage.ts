// A usage error: the CLI prints its message and the command's help, and exits with 2.

/** A command line the CLI cannot act on (exit code 2). */
export class UsageError extends Error {}

/** Throws a UsageError with `message`. */
export function usage(message: string): never {
  throw new UsageError(message);
}
