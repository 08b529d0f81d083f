import { utf8ByteLength } from '@mlebotics/shared/limits';
import { BridgeArgumentError, BridgeDenied, BridgeError } from './errors.js';
import { JsonBoundaryError } from './json.js';
import { MAX_MESSAGE_CHARS } from './limits.js';
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { ENCODE_OUTPUT } from './vm-output.js';

/**
 * Helpers evaluated in each fresh context before any plugin code, closing over the original
 * intrinsics. The plugin never gets a reference to them; what it changes later (globals,
 * prototypes) can only affect its own values, which reach the host as JSON text or strings.
 */
export const HELPERS = `(() => {
  'use strict';
  const P = Promise;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const S = String;
  const freeze = Object.freeze;
  const slice = Function.prototype.call.bind(String.prototype.slice);
  const isArray = Array.isArray;
  const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  const errors = { Error, TypeError };
  return freeze({
    encodeArgs: (...values) => stringify(values),
    encodeOutput: ${ENCODE_OUTPUT},
    decode: (text) => parse(text),
    freeze,
    error: (name, message) => {
      const C = hasOwn(errors, name) ? errors[name] : Error;
      const e = new C(message);
      if (C === Error && name !== 'Error') e.name = name;
      return e;
    },
    defer: () => {
      let resolve;
      let reject;
      const promise = new P((a, b) => { resolve = a; reject = b; });
      return [promise, resolve, reject];
    },
    call: (fn, input, ctx) => fn(input, ctx),
    thenable: (value) => value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function',
    resolve: (value) => new P((resolve) => resolve(value)),
    step: (ns, id) => {
      const main = ns.default;
      if (main === null || (typeof main !== 'object' && typeof main !== 'function')) return 'has no default export';
      const steps = main.steps;
      if (steps === null || (typeof steps !== 'object' && typeof steps !== 'function')) return 'has no "steps" object in its default export';
      if (!hasOwn(steps, id)) return 'does not define the step';
      const fn = steps[id];
      return typeof fn === 'function' ? fn : 'defines the step as something other than a function';
    },
    describe: (e) => {
      let name = '';
      let message = '';
      let stack = '';
      try {
        if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
          const n = e.name;
          if (typeof n === 'string') name = n;
          const m = e.message;
          message = typeof m === 'string' ? m : m === undefined ? S(e) : S(m);
          const st = e.stack;
          if (typeof st === 'string') stack = slice(st, 0, 2000);
        } else {
          message = S(e);
        }
      } catch {
        message = '';
      }
      return stringify([slice(S(name), 0, 100), slice(S(message), 0, ${MAX_MESSAGE_CHARS + 1}), stack]);
    },
    logLine: (args, max) => {
      let line = '';
      for (let i = 0; i < args.length && line.length <= max; i += 1) {
        const a = args[i];
        let text;
        if (typeof a === 'string') text = a;
        else {
          try {
            text = stringify(a);
          } catch {
            text = undefined;
          }
          if (typeof text !== 'string') text = isArray(a) ? '[array]' : typeof a === 'object' && a !== null ? '[object]' : S(typeof a === 'symbol' ? 'symbol' : a);
        }
        line += (i === 0 ? '' : ' ') + slice(text, 0, max + 1);
      }
      return slice(line, 0, max + 1);
    },
    stringLength: (value) => value.length,
  });
})()`;

export const HELPER_NAMES = [
  'encodeArgs',
  'encodeOutput',
  'decode',
  'freeze',
  'error',
  'defer',
  'call',
  'thenable',
  'resolve',
  'step',
  'describe',
  'logLine',
  'stringLength',
] as const;

export type HelperName = (typeof HELPER_NAMES)[number];

/** A VM exception, caught while the host was calling into the VM. */
export class VmException {
  constructor(readonly handle: QuickJSHandle) {}
}

/** Bridge failures the plugin is meant to see; anything else thrown in a bridge is an engine fault. */
export function isBridgeFailure(error: unknown): boolean {
  return (
    error instanceof VmException ||
    error instanceof BridgeDenied ||
    error instanceof BridgeArgumentError ||
    error instanceof JsonBoundaryError ||
    error instanceof BridgeError
  );
}

export function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, marked with … when cut. */
export function clipBytes(text: string, maxBytes: number): string {
  if (utf8ByteLength(text) <= maxBytes) return text;
  const buffer = Buffer.from(text, 'utf8').subarray(0, maxBytes - 3);
  // A cut inside a multi-byte sequence decodes to U+FFFD; drop it.
  return `${buffer.toString('utf8').replace(/\uFFFD$/, '')}…`;
}
