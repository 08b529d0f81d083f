import { packDirectory } from '@mlebotics/shared/node';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { cleanCodeCases, type CleanCase } from './scan-clean-corpus-code.js';
import { FAKE, scanPackage, type ScanCase } from './scan-support.js';

const main = (body: string) => ({
  'index.js': `${body}\nexport default { steps: { async echo(input) { return { text: input.text }; } } };\n`,
});

const LOCKFILE = JSON.stringify(
  {
    name: 'weather',
    lockfileVersion: 3,
    packages: {
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
        integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      },
    },
  },
  null,
  2,
);

/** Packages the scanner must neither block nor quarantine (low findings are allowed). */
export function cleanScanCorpus(): ScanCase[] {
  const cases: CleanCase[] = [
    ['the plain fixture plugin', () => scanPackage({})],
    [
      'AWS documented example keys in a test fixture',
      () =>
        scanPackage({
          'test/fixtures/aws.json':
            '{ "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }\n',
        }),
    ],
    [
      'AWS example key id in the README',
      () => scanPackage({ 'README.md': '# Weather\n\nSet `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE`.\n' }),
    ],
    ['Stripe key placeholder', () => scanPackage(main("const key = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx';"))],
    ['Stripe test key (low only)', () => scanPackage(main(`const key = '${FAKE.stripeTest()}';`))],
    [
      'Google key placeholder with EXAMPLE',
      () => scanPackage(main("const key = 'AIzaSyEXAMPLE-EXAMPLE-EXAMPLE-EXAMPLE0';")),
    ],
    ['GitHub token placeholder', () => scanPackage(main("const token = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';"))],
    ['secret read from the environment', () => scanPackage(main('const apiKey = process.env.API_KEY;'))],
    ['secret read from ctx.secrets', () => scanPackage(main("const token = await ctx.secrets.get('weather-token');"))],
    ['password placeholder', () => scanPackage(main("const password = 'YOUR_PASSWORD_HERE';"))],
    [
      'password dummy value in a test',
      () => scanPackage({ 'test/login.test.js': "const password = 'dummy-password-123456';\n" }),
    ],
    ['UUID in code', () => scanPackage(main("const deviceId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';"))],
    [
      'UUID assigned to a token-like name',
      () => scanPackage(main("const sessionToken = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';")),
    ],
    ['package-lock with integrity hashes and registry URLs', () => scanPackage({ 'package-lock.json': LOCKFILE })],
    [
      'sha256 digests in a checksum file',
      () =>
        scanPackage({
          'checksums.txt': `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  model.bin\n`,
        }),
    ],
    [
      'sha256 digest assigned to a token-like name',
      () =>
        scanPackage(main("const token_sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';")),
    ],
    [
      'git commit sha in JSON',
      () => scanPackage({ 'build.json': '{ "commit": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3" }\n' }),
    ],
    ['storage key name constant', () => scanPackage(main("const TOKEN_KEY = 'mle.session.token';"))],
    ['tokenizer option', () => scanPackage(main("const tokenizer = 'whitespace';"))],
    [
      'password field label',
      () => scanPackage(main("const labels = { password: 'Password', username: 'User name' };")),
    ],
    [
      'public certificate',
      () =>
        scanPackage({ 'certs/ca.pem': `-----BEGIN CERTIFICATE-----\n${FAKE.pemBody()}\n-----END CERTIFICATE-----\n` }),
    ],
    [
      'private key placeholder in docs',
      () => scanPackage({ 'docs/keys.md': '```\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n```\n' }),
    ],
    [
      'private key placeholder in a test fixture',
      () =>
        scanPackage({
          'test/fixtures/key.pem':
            '-----BEGIN RSA PRIVATE KEY-----\nEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE\n-----END RSA PRIVATE KEY-----\n',
        }),
    ],
    [
      'service-account JSON without a key',
      () => scanPackage({ 'docs/sa-shape.json': '{ "type": "service_account", "project_id": "your-project" }\n' }),
    ],
  ];
  return [...cases, ...cleanCodeCases()].map(([name, build, options]) => ({
    name,
    build,
    ...(options ? { options } : {}),
  }));
}

/** The repository's example plugins (`examples/<name>/`), packed as `pack` does: all must pass. */
export async function exampleScanCases(examplesDir: string): Promise<ScanCase[]> {
  const entries = await readdir(examplesDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await packDirectory(path.join(examplesDir, name));
      return { name: `example ${name}`, build: () => bytes };
    }),
  );
}
