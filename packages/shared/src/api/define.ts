import type { z } from 'zod';

/**
 * A callable's contract: its deployed name, the zod schema of its input and (as a type) its
 * output. Functions implement it with `callable(contract, handler)`; the web app calls it with
 * `call(contract, input)`. Neither side restates the types.
 */
export interface CallableContract<I extends z.ZodType, O> {
  readonly name: string;
  readonly input: I;
  /** Type-level only. */
  readonly output?: O;
}

export function defineCallable<O>() {
  return <I extends z.ZodType>(name: string, input: I): CallableContract<I, O> => ({ name, input });
}

export type CallableInput<C> = C extends CallableContract<infer I, unknown> ? z.input<I> : never;
export type CallableParsedInput<C> = C extends CallableContract<infer I, unknown> ? z.output<I> : never;
export type CallableOutput<C> = C extends CallableContract<z.ZodType, infer O> ? O : never;
