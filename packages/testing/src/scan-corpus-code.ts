import {
  BLOCKED_FILE,
  BLOCKED_FILE_SHA256,
  fakeChars,
  fetching,
  mainWith,
  scanPackage,
  withPanel,
  type HostileScanCase,
} from './scan-support.js';

/** Hostile cases beyond secrets: reach, dynamic code, packing and binaries, look-alikes, blocklist. */
export function hostileCodeCases(): HostileScanCase[] {
  return [
    // Reach.
    {
      name: 'undeclared host fetched in JS',
      ruleId: 'reach.undeclared-host',
      file: 'index.js',
      line: 2,
      build: () =>
        scanPackage(mainWith(`const url = 'https://collect.telemetry-sink.net/v1';`), fetching('api.weather.com')),
    },
    {
      name: 'undeclared host with no network permission',
      ruleId: 'reach.undeclared-host',
      file: 'lib/net.js',
      line: 3,
      build: () =>
        scanPackage({
          'lib/net.js': "export const a = 1;\n\nexport const beacon = () => fetch('https://tracker.evil.io/p');\n",
        }),
    },
    {
      name: 'undeclared host in a JSON config',
      ruleId: 'reach.undeclared-host',
      file: 'config/endpoints.json',
      line: 3,
      build: () =>
        scanPackage(
          {
            'config/endpoints.json':
              '{\n  "forecast": "https://api.weather.com/v2",\n  "upload": "https://files.exfil.dev/in"\n}\n',
          },
          fetching('api.weather.com'),
        ),
    },
    {
      name: 'bare host name in a string',
      ruleId: 'reach.undeclared-host',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`const host = 'c2.badhost.ru';`)),
    },
    {
      name: 'declared host spelled with another port',
      ruleId: 'reach.undeclared-host',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`const url = 'https://api.weather.com:8443/x';`), fetching('api.weather.com')),
    },
    {
      name: 'panel HTML loads a remote script (even from a declared host)',
      ruleId: 'reach.panel-remote',
      file: 'panel/index.html',
      line: 3,
      build: () =>
        scanPackage(
          {
            'panel/index.html':
              '<!doctype html>\n<title>Panel</title>\n<script src="https://api.weather.com/widget.js"></script>\n',
          },
          withPanel('panel/index.html', [fetching('api.weather.com').permissions![0]!]),
        ),
    },
    {
      name: 'panel CSS imports a remote stylesheet',
      ruleId: 'reach.panel-remote',
      file: 'panel/style.css',
      line: 1,
      build: () =>
        scanPackage(
          {
            'panel/index.html': '<link rel="stylesheet" href="style.css">\n',
            'panel/style.css': "@import url('https://fonts.googleapis.com/css2?family=Inter');\n",
          },
          withPanel('panel/index.html'),
        ),
    },
    {
      name: 'panel image from a protocol-relative URL',
      ruleId: 'reach.panel-remote',
      file: 'panel.html',
      line: 2,
      build: () =>
        scanPackage(
          { 'panel.html': '<div>\n<img src="//pixel.tracker.com/p.gif">\n</div>\n' },
          withPanel('panel.html'),
        ),
    },
    {
      name: 'panel script fetches an absolute URL',
      ruleId: 'reach.panel-remote',
      file: 'panel/app.js',
      line: 1,
      build: () =>
        scanPackage(
          {
            'panel/index.html': '<script src="app.js"></script>\n',
            'panel/app.js': "fetch('https://api.weather.com/now').then(render);\n",
          },
          withPanel('panel/index.html'),
        ),
    },
    // Dynamic code.
    ...(
      [
        ['eval of a variable', 'obfuscation.eval', 'eval(payload);'],
        ['window.eval of a variable', 'obfuscation.eval', 'window.eval(atob(data));'],
        ['eval of a concatenation', 'obfuscation.eval', "eval('return ' + expr);"],
        ['new Function of a variable', 'obfuscation.function-constructor', 'const run = new Function(source);'],
        ['Function of a concatenation', 'obfuscation.function-constructor', "const f = Function('return ' + code)();"],
        ['setTimeout with a string', 'obfuscation.string-timer', "setTimeout('steal()', 100);"],
        ['setInterval with a template', 'obfuscation.string-timer', 'setInterval(`poll(${n})`, 1000);'],
        ['indirect eval through a comma', 'obfuscation.indirect-eval', '(0, eval)(code);'],
        ['eval through a property name', 'obfuscation.indirect-eval', "globalThis['eval'](code);"],
      ] as const
    ).map(([name, ruleId, line]) => ({
      name,
      ruleId,
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(line)),
    })),
    // Packed code and binaries.
    {
      name: 'minified bundle without its source map',
      ruleId: 'obfuscation.minified',
      file: 'dist/bundle.js',
      line: 1,
      build: () =>
        scanPackage({
          'dist/bundle.js': `${Array.from({ length: 300 }, (_, i) => `var a${i}=b${i}(c,${i});`).join('')}\n`,
        }),
    },
    {
      name: 'high-entropy blob in code',
      ruleId: 'obfuscation.blob',
      file: 'index.js',
      line: 2,
      build: () =>
        scanPackage(
          mainWith(
            `const p = "${fakeChars(400, 50, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}";`,
          ),
        ),
    },
    {
      name: 'WebAssembly module file',
      ruleId: 'obfuscation.binary',
      file: 'lib/core.wasm',
      line: 0,
      build: () => scanPackage({ 'lib/core.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) }),
    },
    {
      name: 'ELF executable renamed as data',
      ruleId: 'obfuscation.binary',
      file: 'assets/model.bin',
      line: 0,
      build: () =>
        scanPackage({
          'assets/model.bin': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]),
        }),
    },
    {
      name: 'base64 WebAssembly in code',
      ruleId: 'obfuscation.binary',
      file: 'index.js',
      line: 2,
      build: () =>
        scanPackage(
          mainWith(`const wasm = '${btoa(String.fromCharCode(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0) + 'x'.repeat(200))}';`),
        ),
    },
    // Look-alikes (the pipeline passes other publishers' listings).
    {
      name: 'display name with a Cyrillic letter',
      ruleId: 'impersonation.name',
      file: 'plugin.json',
      line: 0,
      options: { others: [{ id: 'slackhq.slack-notify', name: 'Slack Notify', publisherId: 'slackhq' }] },
      build: () => scanPackage({}, { name: 'Slаck Notify' }),
    },
    {
      name: 'display name one edit away',
      ruleId: 'impersonation.name',
      file: 'plugin.json',
      line: 0,
      options: {
        others: [{ id: 'wavedrive.motor-control', name: 'WaveDrive Motor Control', publisherId: 'wavedrive' }],
      },
      build: () => scanPackage({}, { name: 'WaveDrive Motor Contro1' }),
    },
    {
      name: 'id with a look-alike publisher',
      ruleId: 'impersonation.id',
      file: 'plugin.json',
      line: 0,
      options: { others: [{ id: 'acrne.scanned', name: 'Totally different', publisherId: 'acrne' }] },
      build: () => scanPackage({}),
    },
    // Blocklist.
    {
      name: 'blocklisted file inside a clean package',
      ruleId: 'blocklist.file',
      file: 'lib/helper.js',
      line: 0,
      options: {
        blocked: { files: ['0b13c5f1f21b5c6f82fa85d0e3a2f7c9b7e1a5d2b0b7c0a3d6e9f3c1a4b7d2e5', BLOCKED_FILE_SHA256] },
      },
      build: () => scanPackage({ 'lib/helper.js': BLOCKED_FILE }),
    },
  ];
}
