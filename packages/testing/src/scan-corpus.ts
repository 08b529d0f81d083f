import { hostileCodeCases } from './scan-corpus-code.js';
import { hostileLayoutCases } from './scan-corpus-layout.js';
import { FAKE, fakeChars, fakePem, mainWith, scanPackage, type HostileScanCase } from './scan-support.js';

/** The four forms of a keyed secret in the plugin module, each on line 2. */
function secretForms(kind: string, ruleId: string, value: () => string, split = 4): HostileScanCase[] {
  const at = { ruleId, file: 'index.js', line: 2 };
  return [
    { ...at, name: `${kind} in code`, build: () => scanPackage(mainWith(`const key = '${value()}';`)) },
    {
      ...at,
      name: `${kind} split across joined strings`,
      build: () => {
        const v = value();
        return scanPackage(mainWith(`const key = '${v.slice(0, split)}' + '${v.slice(split)}';`));
      },
    },
    {
      ...at,
      name: `${kind} base64-encoded`,
      build: () => scanPackage(mainWith(`const blob = '${btoa(`credential=${value()}`)}';`)),
    },
    { ...at, name: `${kind} in a comment`, build: () => scanPackage(mainWith(`// old key: ${value()}`)) },
  ];
}

/**
 * The scanner's hostile corpus: every secret kind in plain, split, base64 and comment forms;
 * undeclared hosts in JS, JSON and panels; dynamic code; packed code and binaries; look-alike
 * names; a blocklisted file inside an otherwise clean package. Each names its rule, file and line.
 */
export function hostileScanCorpus(): HostileScanCase[] {
  return [
    ...secretForms('Google API key', 'secret.google-api-key', FAKE.google),
    ...secretForms('AWS access key id', 'secret.aws-access-key', FAKE.aws),
    ...secretForms('Stripe live key', 'secret.stripe-live-key', FAKE.stripe, 8),
    ...secretForms('Slack bot token', 'secret.slack-token', FAKE.slack, 5),
    ...secretForms('Slack webhook', 'secret.slack-webhook', FAKE.webhook, 14),
    ...secretForms('GitHub token', 'secret.github-token', FAKE.github),
    {
      name: 'PEM private key file',
      ruleId: 'secret.private-key',
      file: 'keys/device.pem',
      line: 1,
      build: () => scanPackage({ 'keys/device.pem': fakePem() }),
    },
    {
      name: 'OpenSSH private key in a comment',
      ruleId: 'secret.private-key',
      file: 'index.js',
      line: 2,
      build: () =>
        scanPackage(
          mainWith(`/* -----BEGIN OPENSSH PRIVATE KEY-----\n${FAKE.pemBody()}\n-----END OPENSSH PRIVATE KEY----- */`),
        ),
    },
    {
      name: 'private key base64-encoded',
      ruleId: 'secret.private-key',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`const k = '${btoa(fakePem('EC PRIVATE KEY'))}';`)),
    },
    {
      name: 'Google service-account JSON',
      ruleId: 'secret.gcp-service-account',
      file: 'config/sa.json',
      line: 2,
      build: () =>
        scanPackage({
          'config/sa.json': `{\n  "type": "service_account",\n  "project_id": "weather-prod",\n  "private_key": ${JSON.stringify(fakePem('PRIVATE KEY'))}\n}\n`,
        }),
    },
    {
      name: 'AWS secret access key by keyword',
      ruleId: 'secret.aws-secret-key',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`const AWS_SECRET_ACCESS_KEY = '${FAKE.awsSecret()}';`)),
    },
    {
      name: 'AWS secret access key in a JSON config',
      ruleId: 'secret.aws-secret-key',
      file: 'config.json',
      line: 1,
      build: () => scanPackage({ 'config.json': `{ "aws_secret_access_key": "${FAKE.awsSecret()}" }\n` }),
    },
    {
      name: 'password with high entropy',
      ruleId: 'secret.generic',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`const password = "${fakeChars(20, 40)}";`)),
    },
    {
      name: 'api_key in a comment',
      ruleId: 'secret.generic',
      file: 'index.js',
      line: 2,
      build: () => scanPackage(mainWith(`// api_key = '${fakeChars(32, 41)}'`)),
    },
    ...hostileCodeCases(),
    ...hostileLayoutCases(),
  ];
}
