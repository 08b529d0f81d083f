import { FAKE, fakeChars, fetching, scanPackage, withPanel, type ScanCase } from './scan-support.js';

/** A clean case: its name, its package, and the marketplace's inputs if any. */
export type CleanCase = [string, () => Uint8Array, ScanCase['options']?];

const main = (body: string) => ({
  'index.js': `${body}\nexport default { steps: { async echo(input) { return { text: input.text }; } } };\n`,
});

/** A bundle line of `n` statements: long, dense, as a minifier writes. */
const minifiedLine = (n: number) => Array.from({ length: n }, (_, i) => `var a${i}=b${i}(c,${i});`).join('');

/** Clean cases about hosts, panels, dynamic code, packing, binaries and look-alikes. */
export function cleanCodeCases(): CleanCase[] {
  return [
    [
      'declared host fetched',
      () =>
        scanPackage(main("const r = await ctx.fetch('https://api.weather.com/v2/now');"), fetching('api.weather.com')),
    ],
    [
      'declared host with its port',
      () =>
        scanPackage(
          main("const r = await ctx.fetch('https://api.weather.com:8443/v2');"),
          fetching('api.weather.com:8443'),
        ),
    ],
    [
      'two declared hosts in a JSON config',
      () =>
        scanPackage(
          { 'config.json': '{ "a": "https://api.weather.com/v2", "b": "https://tiles.weather.com/x" }\n' },
          fetching('api.weather.com', 'tiles.weather.com'),
        ),
    ],
    [
      'declared host spelled with the default port',
      () => scanPackage(main("const u = 'https://api.weather.com:443/v2';"), fetching('api.weather.com')),
    ],
    [
      'JSON schema with $schema and $id URLs',
      () =>
        scanPackage({
          'schemas/input.json':
            '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "$id": "https://schemas.acme.io/input.json",\n  "type": "object"\n}\n',
        }),
    ],
    [
      'README links',
      () =>
        scanPackage({
          'README.md': '# Weather\n\nSee https://docs.acme.io/weather and [the API](https://api.weather.com/docs).\n',
        }),
    ],
    [
      'CHANGELOG links',
      () =>
        scanPackage({
          'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\n- First release (https://github.com/acme/weather/releases).\n',
        }),
    ],
    [
      'documentation link in a JS comment (low)',
      () => scanPackage(main('// See https://example.com/docs and https://docs.acme.io/weather for the protocol.')),
    ],
    [
      'JSDoc block with a link (low)',
      () =>
        scanPackage(
          main(
            '/**\n * Reads the forecast.\n * @see https://developer.weather.com/reference\n */\nfunction forecast() {}',
          ),
        ),
    ],
    [
      'trailing comment with a link (low)',
      () => scanPackage(main('const retries = 3; // https://docs.acme.io/retries')),
    ],
    [
      'example.com in a test (low)',
      () => scanPackage({ 'test/url.test.js': "expect(parse('https://example.com/a')).toBe('a');\n" }),
    ],
    [
      'package.json metadata URLs',
      () =>
        scanPackage({
          'package.json':
            '{ "name": "weather", "homepage": "https://acme.io", "repository": { "type": "git", "url": "https://github.com/acme/weather" } }\n',
        }),
    ],
    [
      'SVG namespace in code',
      () => scanPackage(main("const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');")),
    ],
    ['email address in code', () => scanPackage(main("const support = 'support@acme.com';"))],
    [
      'file names with dots',
      () => scanPackage(main("const files = ['model.onnx', 'labels.txt', 'index.js', 'app.min.css'];")),
    ],
    [
      'panel with relative scripts, styles and images',
      () =>
        scanPackage(
          {
            'panel/index.html':
              '<!doctype html>\n<link rel="stylesheet" href="style.css">\n<script src="./app.js"></script>\n<img src="img/logo.png">\n',
            'panel/style.css': 'body { background: url(img/bg.png); }\n',
            'panel/app.js': "document.title = 'Panel';\n",
          },
          withPanel('panel/index.html'),
        ),
    ],
    [
      'panel with an inline SVG namespace',
      () =>
        scanPackage(
          {
            'panel.html':
              '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n',
          },
          withPanel('panel.html'),
        ),
    ],
    [
      'panel CSS with a data: image',
      () =>
        scanPackage(
          {
            'panel.html': '<div class="logo"></div>\n',
            'panel.css': `.logo { background: url(data:image/png;base64,${fakeChars(300, 60, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}); }\n`,
          },
          withPanel('panel.html'),
        ),
    ],
    [
      'panel HTML comment with a link (low)',
      () =>
        scanPackage(
          { 'panel.html': '<!-- design: https://figma.com/file/abc -->\n<div>Hi</div>\n' },
          withPanel('panel.html'),
        ),
    ],
    ['eval named in a comment', () => scanPackage(main('// Never call eval(input) on user data.'))],
    ['eval of a string literal', () => scanPackage(main('const two = eval("1 + 1");'))],
    ['Function with literal arguments', () => scanPackage(main("const add = new Function('a', 'b', 'return a + b');"))],
    ['timers with functions', () => scanPackage(main('setTimeout(() => poll(), 100); setInterval(tick, 1000);'))],
    [
      'identifiers containing eval and Function',
      () =>
        scanPackage(
          main(
            'const v = evaluate(x) + retrieval(y); if (isFunction(f)) medieval(); const t = typeof f === "function";',
          ),
        ),
    ],
    ['JSON.parse instead of eval', () => scanPackage(main('const data = JSON.parse(\'{"a":1}\');'))],
    ['short minified-looking code', () => scanPackage(main(minifiedLine(30)))],
    [
      'minified bundle with its map beside it',
      () =>
        scanPackage({
          'dist/bundle.js': `${minifiedLine(300)}\n`,
          'dist/bundle.js.map': '{"version":3,"sources":["../src/a.js"],"mappings":"AAAA"}\n',
        }),
    ],
    [
      'minified bundle naming its map',
      () =>
        scanPackage({
          'dist/app.js': `${minifiedLine(300)}\n//# sourceMappingURL=maps/app.map\n`,
          'dist/maps/app.map': '{"version":3,"sources":[],"mappings":""}\n',
        }),
    ],
    [
      'x.min.js with x.js beside it',
      () =>
        scanPackage({
          'lib/chart.min.js': `${minifiedLine(300)}\n`,
          'lib/chart.js': 'export function chart() {\n  return 1;\n}\n',
        }),
    ],
    [
      'long license comment with spaces',
      () =>
        scanPackage(
          main(`/* ${'Permission is hereby granted, free of charge, to any person obtaining a copy. '.repeat(30)} */`),
        ),
    ],
    [
      'long numeric data in JSON',
      () => scanPackage({ 'data/calibration.json': `[${Array.from({ length: 600 }, (_, i) => i % 97).join(',')}]\n` }),
    ],
    [
      'short base64 strings',
      () => scanPackage(main("const a = 'aGVsbG8gd29ybGQ='; const b = 'c29tZSB0ZXh0IGhlcmU=';")),
    ],
    [
      'base64 of harmless text',
      () => scanPackage(main(`const banner = '${btoa('Welcome to the weather plugin, have a nice day and enjoy.')}';`)),
    ],
    [
      'hex sha256 constants in code',
      () => scanPackage(main("const DIGESTS = ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'];")),
    ],
    [
      'PNG screenshot asset',
      () =>
        scanPackage({
          'assets/shot.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        }),
    ],
    [
      'binary model data (not an executable)',
      () =>
        scanPackage({ 'assets/model.bin': new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256)) }),
    ],
    [
      'YAML workflow with URLs',
      () =>
        scanPackage({
          '.github/workflows/ci.yml': 'steps:\n  - uses: actions/checkout@v4\n  - run: curl https://get.acme.io | sh\n',
        }),
    ],
    [
      'own plugin listed by the same publisher',
      () => scanPackage({}, { name: 'Plugin scanned' }),
      { others: [{ id: 'acme.scanned-pro', name: 'Plugin scanned', publisherId: 'acme' }] },
    ],
    [
      'unrelated listings of other publishers',
      () => scanPackage({}, { name: 'Greenhouse Climate' }),
      {
        others: [
          { id: 'wavedrive.motor-control', name: 'WaveDrive Motor Control', publisherId: 'wavedrive' },
          { id: 'slackhq.slack-notify', name: 'Slack Notify', publisherId: 'slackhq' },
        ],
      },
    ],
    [
      'similar but distinct short name',
      () => scanPackage({}, { name: 'Sensor Grid' }),
      { others: [{ id: 'graphs.sensor-graph', name: 'Sensor Graph', publisherId: 'graphs' }] },
    ],
    [
      'blocklist that matches nothing here',
      () => scanPackage({}),
      { blocked: { packages: ['0'.repeat(64)], files: ['f'.repeat(64)] } },
    ],
    [
      'private key of a different kind of text (PEM public key)',
      () =>
        scanPackage({ 'keys/pub.pem': `-----BEGIN PUBLIC KEY-----\n${FAKE.pemBody()}\n-----END PUBLIC KEY-----\n` }),
    ],
    [
      'i18n strings mentioning tokens and passwords',
      () =>
        scanPackage({
          'i18n/en.json': '{ "password": "Password", "token_expired": "Your session token expired, sign in again." }\n',
        }),
    ],
  ];
}
