import { FAKE, fakeChars, fakePem, scanPackage, type HostileScanCase } from './scan-support.js';

/** `count` lines of ordinary code, each ending with a newline. */
const filler = (count: number, line = (i: number) => `export const v${i} = ${i};`) =>
  Array.from({ length: count }, (_, i) => `${line(i)}\n`).join('');

/** Lines of exactly 100 bytes (99 characters and a newline). */
const hundredByteLines = (count: number) => filler(count, (i) => `// ${String(i).padStart(5, '0')} ${'-'.repeat(90)}`);

/**
 * Hostile cases about where a finding sits rather than what it is: deep in large files, after
 * non-ASCII text, with a value on the line after its name, or a key whose lines straddle the
 * scanner's unit of work (it reads files in pieces of about 60 KiB of whole lines).
 */
export function hostileLayoutCases(): HostileScanCase[] {
  return [
    {
      name: 'password with its value on the next line',
      ruleId: 'secret.generic',
      file: 'lib/config.js',
      line: 3,
      build: () =>
        scanPackage({ 'lib/config.js': `export const a = 1;\nconst password =\n  "${fakeChars(24, 42)}";\n` }),
    },
    {
      name: 'AWS secret access key unquoted in an env file',
      ruleId: 'secret.aws-secret-key',
      file: 'config/aws.env',
      line: 2,
      build: () =>
        scanPackage({ 'config/aws.env': `AWS_REGION=eu-west-1\nAWS_SECRET_ACCESS_KEY=${FAKE.awsSecret()}\n` }),
    },
    {
      name: 'AWS key id 6,000 lines into a bundle',
      ruleId: 'secret.aws-access-key',
      file: 'lib/bundle.js',
      line: 6001,
      build: () => scanPackage({ 'lib/bundle.js': `${filler(6000)}const k = '${FAKE.aws()}';\n` }),
    },
    {
      name: 'undeclared host after 3,000 lines of non-ASCII strings',
      ruleId: 'reach.undeclared-host',
      file: 'lib/i18n.js',
      line: 3001,
      build: () =>
        scanPackage({
          'lib/i18n.js': `${filler(3000, (i) => `export const m${i} = 'Grüße, ${i} °C — 東京';`)}fetch('https://collect.evil.dev/x');\n`,
        }),
    },
    {
      name: 'minified line after 4,000 ordinary lines',
      ruleId: 'obfuscation.minified',
      file: 'dist/app.js',
      line: 4001,
      build: () =>
        scanPackage({
          'dist/app.js': `${filler(4000)}${Array.from({ length: 200 }, (_, i) => `var a${i}=b${i}(c,${i});`).join('')}\n`,
        }),
    },
    {
      name: 'private key whose BEGIN line ends a 60 KiB piece of the file',
      ruleId: 'secret.private-key',
      file: 'keys/bundle.pem',
      line: 615,
      build: () => scanPackage({ 'keys/bundle.pem': `${hundredByteLines(614)}${fakePem()}` }),
    },
  ];
}
