// What a developer reads when their step throws: where (the package file and line, from the
// QuickJS stack) and, for the globals a browser or Node.js has but the sandbox does not, what to
// use instead. The list of missing globals is the one docs/publishing.md gives ("What the
// sandbox lacks"); sandbox-globals.test.ts checks both against a real sandbox.

const NETWORK =
  'the sandbox has no network API of its own: use ctx.fetch(url, init), with the network:fetch permission and the hosts it lists';
const TIMERS =
  'the sandbox has no timers: await promises instead (a step runs within its time budget; the platform schedules steps, not the plugin)';
const MODULES =
  'the sandbox runs ES modules only: import your own files with a relative path ("./lib/util.js") and bundle npm dependencies into the package';
const NODE =
  'the sandbox has no Node.js API: read secrets with ctx.secrets.read, settings from the step input, and keep state with ctx.storage';
const BROWSER = 'steps run without a browser (no DOM); only ui-panel capabilities run in a page';

/** Globals the sandbox lacks, each with what to use instead. */
export const MISSING_GLOBALS: Readonly<Record<string, string>> = {
  fetch: NETWORK,
  XMLHttpRequest: NETWORK,
  WebSocket: NETWORK,
  Request: NETWORK,
  Response: NETWORK,
  Headers: NETWORK,
  AbortController: 'there is no AbortController: ctx.fetch calls end with the run (and after 10 s)',
  setTimeout: TIMERS,
  setInterval: TIMERS,
  setImmediate: TIMERS,
  clearTimeout: TIMERS,
  clearInterval: TIMERS,
  queueMicrotask: 'there is no queueMicrotask: use Promise.resolve().then(fn)',
  require: MODULES,
  module: MODULES,
  exports: MODULES,
  process: NODE,
  Buffer: `${NODE}; for bytes use Uint8Array`,
  console: 'there is no console: use ctx.log(...values) (at most 200 lines per run are kept)',
  window: BROWSER,
  document: BROWSER,
  navigator: BROWSER,
  self: BROWSER,
  localStorage: 'there is no localStorage: use ctx.storage (the storage:plugin permission)',
  sessionStorage: 'there is no sessionStorage: use ctx.storage (the storage:plugin permission)',
  Intl: 'there is no Intl: format numbers and dates yourself (toFixed, toISOString) or bundle a small formatter',
  URL: 'there is no URL class: build URLs as strings with encodeURIComponent, or bundle a URL parser',
  URLSearchParams: 'there is no URLSearchParams: build query strings with encodeURIComponent',
  TextEncoder: 'there is no TextEncoder: the values you exchange are strings; bundle an encoder if you need bytes',
  TextDecoder: 'there is no TextDecoder: the values you exchange are strings; bundle a decoder if you need bytes',
  atob: 'there is no atob: bundle a base64 decoder',
  btoa: 'there is no btoa: bundle a base64 encoder',
  structuredClone: 'there is no structuredClone: copy JSON data with JSON.parse(JSON.stringify(value))',
  crypto:
    'there is no crypto: Math.random is available but not cryptographically secure; secrets come from ctx.secrets',
  performance: 'there is no performance clock: use Date.now()',
  Blob: 'there is no Blob: exchange strings or arrays of numbers',
  WebAssembly: 'WebAssembly cannot run inside the sandbox',
  Atomics: 'there is no Atomics: a step runs on one thread',
};

/** The hint for `ReferenceError: 'X' is not defined` when X is a global the sandbox lacks. */
export function missingGlobalHint(name: string, message: string): string | undefined {
  if (name !== 'ReferenceError') return undefined;
  const global = /^'?([A-Za-z_$][\w$]*)'? is not defined$/.exec(message)?.[1];
  return global !== undefined && Object.hasOwn(MISSING_GLOBALS, global) ? MISSING_GLOBALS[global] : undefined;
}

/**
 * The first frame of a QuickJS stack that is in one of the package's files, as `file:line:col`
 * (QuickJS names module frames by their package path: `    at step (lib/util.js:12:5)`).
 */
export function packageLocation(stack: string, files: ReadonlyMap<string, Uint8Array>): string | undefined {
  for (const line of stack.split('\n', 20)) {
    const match = /^\s*at (?:[^(]*\()?([^()\s]+?):(\d+)(?::(\d+))?\)?\s*$/.exec(line);
    if (match && files.has(match[1]!)) return `${match[1]}:${match[2]}${match[3] ? `:${match[3]}` : ''}`;
  }
  return undefined;
}
