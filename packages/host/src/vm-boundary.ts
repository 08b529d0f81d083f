import { formatBytes, utf8ByteLength } from '@mlebotics/shared/limits';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { BridgeArgumentError, BridgeDenied, BridgeError, PluginHostError } from './errors.js';
import { JsonBoundaryError, parseBoundaryJson, type JsonValue } from './json.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { OUTPUT_RULE } from './vm-output.js';
import { HELPERS, HELPER_NAMES, VmException, clip, type HelperName } from './vm-helpers.js';

/**
 * The boundary between the host and one QuickJS context: values go in as fresh sandbox values
 * and come out once, as JSON text or strings measured before they are copied. It holds the
 * helpers evaluated before any plugin code (see vm-helpers.ts).
 */
export class VmBoundary {
  private readonly helpers = new Map<HelperName, QuickJSHandle>();
  /** The permission refusals thrown into the sandbox, to recognise one the plugin rethrows. */
  private readonly denied: Array<{ handle: QuickJSHandle; message: string }> = [];

  constructor(
    readonly context: QuickJSContext,
    private readonly maxArgumentBytes: number,
  ) {
    const helpers = context.evalCode(HELPERS, '<host>', { type: 'global', strict: true });
    if (helpers.error) throw new VmException(helpers.error);
    for (const name of HELPER_NAMES) this.helpers.set(name, context.getProp(helpers.value, name));
  }

  /** Calls a helper; a VM exception becomes a VmException. */
  call(name: HelperName, ...args: QuickJSHandle[]): QuickJSHandle {
    const result = this.context.callFunction(this.helpers.get(name)!, this.context.undefined, ...args);
    if (result.error) throw new VmException(result.error);
    return result.value;
  }

  /** JSON data into the sandbox, as fresh sandbox values. */
  toVm(value: JsonValue | undefined): QuickJSHandle {
    const { context } = this;
    if (value === undefined) return context.undefined;
    if (value === null) return context.null;
    if (typeof value === 'string') return context.newString(value);
    if (typeof value === 'number') return context.newNumber(value);
    if (typeof value === 'boolean') return value ? context.true : context.false;
    return this.call('decode', context.newString(JSON.stringify(value)));
  }

  /**
   * A sandbox string copied to the host only if it can fit in `maxBytes` of UTF-8: its length in
   * UTF-16 code units is read first (a UTF-8 encoding is never shorter), so an oversized string
   * is refused without being copied; what is copied is then measured in bytes.
   */
  boundedString(handle: QuickJSHandle, maxBytes: number, refuse: () => Error): string {
    const units = this.context.getNumber(this.call('stringLength', handle));
    if (!(units <= maxBytes)) throw refuse();
    const text = this.context.getString(handle);
    if (utf8ByteLength(text) > maxBytes) throw refuse();
    return text;
  }

  /**
   * Copies bridge arguments out of the sandbox once: strings and numbers directly, anything
   * else through one JSON.stringify in the sandbox (getters, toJSON and proxies run there,
   * exactly once), parsed on the host into fresh plain data. Sizes are UTF-8 bytes.
   */
  copyArgs(operation: string, handles: QuickJSHandle[]): JsonValue[] {
    const { context } = this;
    const max = this.maxArgumentBytes;
    const tooLarge = () =>
      new BridgeArgumentError(`${operation}: the arguments are larger than ${formatBytes(max)} of UTF-8.`);
    const direct: JsonValue[] = [];
    let size = 0;
    for (const handle of handles) {
      const type = context.typeof(handle);
      if (type === 'string') {
        const text = this.boundedString(handle, max - size, tooLarge);
        size += utf8ByteLength(text);
        direct.push(text);
      } else if (type === 'number') {
        const n = context.getNumber(handle);
        direct.push(Number.isFinite(n) ? n : null);
      } else {
        break;
      }
    }
    if (direct.length === handles.length) return direct;
    const encoded = this.call('encodeArgs', ...handles);
    if (context.typeof(encoded) !== 'string')
      throw new BridgeArgumentError(`${operation}: the arguments are not JSON data.`);
    const text = this.boundedString(encoded, max, tooLarge);
    let args: JsonValue;
    try {
      args = parseBoundaryJson(text, `The arguments of ${operation}`);
    } catch (error) {
      throw new BridgeArgumentError((error as Error).message);
    }
    // An Array.prototype.toJSON set by the plugin could turn the list into something else.
    if (!Array.isArray(args)) throw new BridgeArgumentError(`${operation}: the arguments are not JSON data.`);
    return args;
  }

  /** An error value made in the sandbox with a message only. */
  error(name: 'Error' | 'TypeError' | 'PermissionDeniedError', message: string): QuickJSHandle {
    return this.call('error', this.context.newString(name), this.context.newString(clip(message)));
  }

  /** What a bridge throws into the sandbox for a host-side failure (`operation` names it). */
  errorFor(operation: string, error: unknown): QuickJSHandle {
    if (error instanceof VmException) return error.handle;
    if (error instanceof BridgeDenied) {
      const handle = this.error('PermissionDeniedError', error.message);
      this.denied.push({ handle: handle.dup(), message: error.message });
      return handle;
    }
    if (error instanceof BridgeArgumentError || error instanceof JsonBoundaryError) {
      return this.error('TypeError', error.message);
    }
    if (error instanceof BridgeError) return this.error('Error', error.message);
    return this.error(
      'Error',
      `The host could not complete ${operation}: the platform service failed on its side (the failure was logged for the platform's operators).`,
    );
  }

  /** The message of a permission refusal, if `handle` is one the plugin rethrew. */
  denialOf(handle: QuickJSHandle): string | undefined {
    return this.denied.find((d) => this.context.sameValue(d.handle, handle))?.message;
  }

  /**
   * The step's output as JSON text, checked and encoded in the sandbox (see vm-output.ts) and
   * copied once if it fits in `maxBytes` of UTF-8. Anything that is not JSON data (NaN, a Date,
   * undefined, a function, a class instance, a cycle…) is refused with the path where it is.
   */
  output(handle: QuickJSHandle, stepId: string, maxBytes: number): string {
    const { context } = this;
    const encoded = this.call('encodeOutput', handle, context.newNumber(MAX_JSON_DEPTH));
    if (context.typeof(encoded) !== 'string') {
      const problem = context.getProp(encoded, 'problem');
      const where = context.typeof(problem) === 'string' ? clip(context.getString(problem), 300) : 'output';
      throw new PluginHostError('invalid-output', `${where} — ${OUTPUT_RULE}.`);
    }
    const text = this.boundedString(
      encoded,
      maxBytes,
      () =>
        new PluginHostError(
          'invalid-output',
          `The output of "${stepId}" is larger than ${formatBytes(maxBytes)} of UTF-8 as JSON.`,
        ),
    );
    try {
      parseBoundaryJson(text, `The output of "${stepId}"`);
    } catch (error) {
      throw new PluginHostError('invalid-output', (error as Error).message);
    }
    return text;
  }

  /** Makes a frozen sandbox object holding the given values. */
  newNamespace(members: Record<string, QuickJSHandle>): QuickJSHandle {
    const object = this.context.newObject();
    for (const [key, value] of Object.entries(members)) {
      this.context.defineProp(object, key, { value, enumerable: true });
    }
    return this.call('freeze', object);
  }

  /**
   * What to wait for: a promise the step returned is polled as it is (its state is read from
   * the engine, so nothing the plugin did to Promise, `then` or species is involved); any other
   * thenable is adopted by a fresh promise; a plain value is the result.
   */
  awaitable(returned: QuickJSHandle): QuickJSHandle {
    const state = this.context.getPromiseState(returned);
    if (state.type !== 'fulfilled' || !state.notAPromise) return returned;
    const thenable = this.call('thenable', returned);
    return this.context.typeof(thenable) === 'boolean' && this.context.dump(thenable) === true
      ? this.call('resolve', returned)
      : returned;
  }

  /** `[name, message, stack]` of a thrown sandbox value, read in the sandbox; undefined when unreadable. */
  describe(handle: QuickJSHandle): [string, string, string] | undefined {
    try {
      const text = this.call('describe', handle);
      if (this.context.typeof(text) === 'string')
        return JSON.parse(this.context.getString(text)) as [string, string, string];
    } catch {
      // Reading it failed too (interrupted, out of memory): the caller classifies that.
    }
    return undefined;
  }

  /** Drops the helper handles (the whole module is dropped with the run). */
  clear(): void {
    this.helpers.clear();
    this.denied.length = 0;
  }
}
