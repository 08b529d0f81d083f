/**
 * What a step's output must be, said the same way wherever it is refused (the sandbox, the docs).
 */
export const OUTPUT_RULE = 'outputs must be JSON data: finite numbers, strings, booleans, null, arrays, plain objects';

/**
 * The sandbox helper that turns a step's return value into JSON text, or names the first place
 * where it is not JSON data (`output.level is NaN`). JSON.stringify alone would turn NaN and
 * ±Infinity into null, a Date into a string, drop undefined, functions and symbols, and call
 * class instances' toJSON: a step would then "succeed" with data it never meant to return.
 *
 * It walks the value once, reading every property exactly once (getters and proxies run here, in
 * the sandbox, under the run's deadline and memory cap), and builds a fresh copy of null-prototype
 * objects that is then stringified: what is checked is what is sent. It uses only intrinsics
 * captured before any plugin code ran, and never writes through a prototype (the copy is made
 * with defineProperty), so nothing the plugin did to prototypes changes its verdict. A helper
 * source, evaluated inside HELPERS (vm-helpers.ts), where `stringify` and friends are bound.
 */
export const ENCODE_OUTPUT = `(() => {
  const O = Object;
  const keysOf = O.keys;
  const symbolsOf = O.getOwnPropertySymbols;
  const protoOf = O.getPrototypeOf;
  const define = O.defineProperty;
  const create = O.create;
  const isFiniteNumber = Number.isFinite;
  const codeAt = Function.prototype.call.bind(String.prototype.charCodeAt);
  const ObjectProto = O.prototype;
  const known = [
    [Date.prototype, 'a Date (send it as a string: date.toISOString())'],
    [Map.prototype, 'a Map (send an object or an array of [key, value] pairs)'],
    [Set.prototype, 'a Set (send an array)'],
    [Promise.prototype, 'a Promise (await it before returning)'],
    [RegExp.prototype, 'a RegExp (send its source as a string)'],
    [Error.prototype, 'an Error (send its message as a string)'],
  ];
  const identifier = (key) => {
    if (key.length === 0 || key.length > 60) return false;
    for (let i = 0; i < key.length; i += 1) {
      const c = codeAt(key, i);
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
      if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
    }
    return true;
  };
  const kindOf = (proto) => {
    for (let i = 0; i < known.length; i += 1) if (known[i][0] === proto) return known[i][1];
    let name = '';
    try {
      const C = proto.constructor;
      if (typeof C === 'function' && typeof C.name === 'string') name = slice(C.name, 0, 60);
    } catch {
      name = '';
    }
    return name ? 'an instance of ' + name + ' (send a plain object)' : 'an object with a custom prototype (send a plain object)';
  };
  return (value, maxDepth) => {
    const pathKeys = create(null);
    const holders = create(null);
    let depth = 0;
    const where = () => {
      let p = 'output';
      for (let i = 0; i < depth; i += 1) {
        const k = pathKeys[i];
        p += typeof k === 'number' ? '[' + k + ']' : identifier(k) ? '.' + k : '[' + stringify(slice(k, 0, 60)) + ']';
      }
      return p;
    };
    const fail = (what) => {
      const problem = create(null);
      define(problem, 'problem', { value: where() + ' is ' + what });
      throw problem;
    };
    const copy = (v) => {
      if (v === null) return null;
      const t = typeof v;
      if (t === 'string' || t === 'boolean') return v;
      if (t === 'number') return isFiniteNumber(v) ? v : fail(v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
      if (t === 'undefined') return fail(depth === 0 ? 'undefined (return null for no value)' : 'undefined (use null, or leave the key out)');
      if (t === 'function') return fail('a function');
      if (t === 'symbol') return fail('a symbol');
      if (t === 'bigint') return fail('a BigInt (send it as a string or a number)');
      if (depth >= maxDepth) return fail('nested deeper than ' + maxDepth + ' levels');
      for (let i = 0; i < depth; i += 1) if (holders[i] === v) return fail('a reference back to one of its parents (a cycle)');
      holders[depth] = v;
      let out;
      if (isArray(v)) {
        const length = v.length;
        out = [];
        for (let i = 0; i < length; i += 1) {
          pathKeys[depth] = i;
          depth += 1;
          const item = copy(v[i]);
          depth -= 1;
          define(out, i, { value: item, enumerable: true, writable: true, configurable: true });
        }
      } else {
        const proto = protoOf(v);
        if (proto !== ObjectProto && proto !== null) return fail(kindOf(proto));
        if (symbolsOf(v).length > 0) return fail('an object with symbol keys');
        const keys = keysOf(v);
        out = create(null);
        for (let i = 0; i < keys.length; i += 1) {
          const key = keys[i];
          pathKeys[depth] = key;
          depth += 1;
          if (key === '__proto__') fail('a value under the reserved key "__proto__"');
          const item = copy(v[key]);
          depth -= 1;
          define(out, key, { value: item, enumerable: true, writable: true, configurable: true });
        }
      }
      holders[depth] = undefined;
      return out;
    };
    try {
      return stringify(copy(value));
    } catch (e) {
      if (e !== null && typeof e === 'object' && protoOf(e) === null && hasOwn(e, 'problem')) return e;
      throw e;
    }
  };
})()`;
