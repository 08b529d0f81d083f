import type { z } from 'zod';

/**
 * A callable's contract: its deployed name, the zod schema of its input and (as a type) its
 * output. Functions implement it with `callable(contract, handler)`; the web app calls it with
 * `call<typeof contract>(contract name, input)`, importing only the type (so zod stays out of
 * the browser bundle). Neither side restates the types.
 */
export interface CallableContract<I extends z.ZodType, O, N extends string = string> {
  readonly name: N;
  readonly input: I;
  /** Type-level only. */
  readonly output?: O;
}

export function defineCallable<O>() {
  return <N extends string, I extends z.ZodType>(name: N, input: I): CallableContract<I, O, N> => ({ name, input });
}

export type CallableInput<C> = C extends CallableContract<infer I, unknown> ? z.input<I> : never;
export type CallableParsedInput<C> = C extends CallableContract<infer I, unknown> ? z.output<I> : never;
export type CallableOutput<C> = C extends CallableContract<z.ZodType, infer O> ? O : never;
