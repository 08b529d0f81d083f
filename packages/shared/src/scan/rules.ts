import type { ScanKind, ScanSeverity } from './types.js';

/** One scanner rule: data, so that the docs, the CLI and the admin console list the same thing. */
export interface ScanRule {
  /** `<kind>.<name>`, stable: stored on findings and cited in docs. */
  id: string;
  kind: ScanKind;
  severity: ScanSeverity;
  title: string;
  /** What the publisher does about it. */
  fix: string;
  /** For pattern rules: what is matched (global, so it can be run with matchAll). */
  pattern?: RegExp;
  /**
   * Literal substrings one of which a text must contain before `pattern` runs (a cheap filter).
   * Rules without one are keyword rules, read only around long values (see windows.ts).
   */
  prefilter?: readonly string[];
  /** Least Shannon entropy (bits per character) of the matched value, for keyword rules. */
  minEntropy?: number;
  /** Also matched in string literals joined on one line (`"AKIA" + "…"`) and in base64 runs. */
  keyed?: boolean;
}

const ROTATE =
  'Revoke this credential now (it may already be copied), remove it from the package, and read it at run time from `ctx.secrets` (permission `secrets:read`).';

/** Every rule the scanner applies. Patterns follow gitleaks' where one exists. */
export const SCAN_RULES: readonly ScanRule[] = [
  {
    id: 'secret.private-key',
    kind: 'secret',
    severity: 'block',
    title: 'Private key (PEM or OpenSSH)',
    fix: `${ROTATE} Never ship private keys in a plugin.`,
    pattern:
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\\n|[\s*/#'"`+])*([A-Za-z0-9+/=]{40,})/g,
    prefilter: ['PRIVATE KEY'],
    keyed: true,
  },
  {
    id: 'secret.gcp-service-account',
    kind: 'secret',
    severity: 'block',
    title: 'Google Cloud service-account key (JSON)',
    fix: `${ROTATE} Delete the key in the Cloud console (IAM → Service accounts → Keys).`,
    pattern: /"type"\s*:\s*"service_account"/g,
    prefilter: ['service_account'],
  },
  {
    id: 'secret.google-api-key',
    kind: 'secret',
    severity: 'block',
    title: 'Google API key',
    fix: `${ROTATE} Restrict or delete the key in the Cloud console (APIs & Services → Credentials).`,
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    prefilter: ['AIza'],
    keyed: true,
  },
  {
    id: 'secret.aws-access-key',
    kind: 'secret',
    severity: 'block',
    title: 'AWS access key id',
    fix: `${ROTATE} Deactivate the key in AWS IAM.`,
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g,
    prefilter: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    keyed: true,
  },
  {
    id: 'secret.aws-secret-key',
    kind: 'secret',
    severity: 'block',
    title: 'AWS secret access key',
    fix: `${ROTATE} Deactivate the key pair in AWS IAM.`,
    pattern: /aws.{0,20}?(?:secret|sk)[a-z_-]{0,20}['"]?\s*[:=]\s*['"`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    minEntropy: 4,
  },
  {
    id: 'secret.stripe-live-key',
    kind: 'secret',
    severity: 'block',
    title: 'Stripe live secret or restricted key',
    fix: `${ROTATE} Roll the key in the Stripe dashboard (Developers → API keys).`,
    pattern: /\b((?:sk|rk)_live_[0-9A-Za-z]{24,99})\b/g,
    prefilter: ['_live_'],
    keyed: true,
  },
  {
    id: 'secret.stripe-test-key',
    kind: 'secret',
    severity: 'low',
    title: 'Stripe test-mode secret key',
    fix: 'Test keys move no money, but anyone can use this one against your test account: prefer `ctx.secrets`.',
    pattern: /\b((?:sk|rk)_test_[0-9A-Za-z]{24,99})\b/g,
    prefilter: ['_test_'],
    keyed: true,
  },
  {
    id: 'secret.slack-token',
    kind: 'secret',
    severity: 'block',
    title: 'Slack token',
    fix: `${ROTATE} Revoke the token in the Slack app's settings (OAuth & Permissions).`,
    pattern: /\b(xox[bpras]-[0-9A-Za-z-]{20,})/g,
    prefilter: ['xoxb-', 'xoxp-', 'xoxr-', 'xoxa-', 'xoxs-'],
    keyed: true,
  },
  {
    id: 'secret.slack-webhook',
    kind: 'secret',
    severity: 'block',
    title: 'Slack incoming webhook',
    fix: `${ROTATE} Remove the webhook in the Slack app's settings (Incoming Webhooks).`,
    pattern: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,})/g,
    prefilter: ['hooks.slack.com'],
    keyed: true,
  },
  {
    id: 'secret.github-token',
    kind: 'secret',
    severity: 'block',
    title: 'GitHub token',
    fix: `${ROTATE} Revoke the token in GitHub (Settings → Developer settings).`,
    pattern: /\b((?:ghp|gho|ghs|ghu|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{60,})\b/g,
    prefilter: ['ghp_', 'gho_', 'ghs_', 'ghu_', 'ghr_', 'github_pat_'],
    keyed: true,
  },
  {
    id: 'secret.generic',
    kind: 'secret',
    severity: 'block',
    title: 'Credential assigned to a secret-like name',
    fix: `${ROTATE} If the value is not a credential, rename it or replace it with an obvious placeholder such as "EXAMPLE".`,
    pattern:
      /(?:secret|token|password|passwd|api[_-]?key|apikey|access[_-]?key|client[_-]?secret)[a-z0-9_-]{0,20}['"]?\s*(?:[:=]|=>)\s*['"`]([0-9A-Za-z_+/=.~-]{16,128})['"`]/gi,
    minEntropy: 3.5,
  },
  {
    id: 'reach.undeclared-host',
    kind: 'reach',
    severity: 'quarantine',
    title: 'URL or host name not declared in `network:fetch`',
    fix: "Add the host to the `network:fetch` permission's `hosts` (with a reason), or remove the URL. Links only meant for people belong in the README.",
  },
  {
    id: 'reach.panel-remote',
    kind: 'reach',
    severity: 'quarantine',
    title: 'Panel loads or links something remote',
    fix: 'Panels run sandboxed with no network: bundle scripts, styles, fonts and images into the package and reference them by relative path; fetch data through the plugin module.',
  },
  {
    id: 'reach.documentation-link',
    kind: 'reach',
    severity: 'low',
    title: 'URL in a comment or to a reserved example domain',
    fix: 'Nothing to do if it is documentation; a URL the code uses needs its host in `network:fetch`.',
  },
  {
    id: 'obfuscation.eval',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: '`eval` of something other than a string literal',
    fix: 'Remove `eval`: plugin code must be reviewable as shipped. Parse data with `JSON.parse`.',
  },
  {
    id: 'obfuscation.indirect-eval',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: '`eval` used as a value (indirect eval)',
    fix: 'Remove the reference to `eval`.',
  },
  {
    id: 'obfuscation.function-constructor',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: '`Function` constructor with non-literal code',
    fix: 'Replace the generated function with ordinary code.',
  },
  {
    id: 'obfuscation.string-timer',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: '`setTimeout`/`setInterval` with code in a string',
    fix: 'Pass a function: `setTimeout(() => work(), ms)`.',
  },
  {
    id: 'obfuscation.minified',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: 'Minified or packed code without its source',
    fix: 'Ship the source map beside the file (`x.js.map`, or a `//# sourceMappingURL=` naming a file in the package) or the unminified source (`x.js` beside `x.min.js`).',
  },
  {
    id: 'obfuscation.blob',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: 'High-entropy blob (base64 or hex) in code',
    fix: 'Ship data as its own file in a plain format and explain it in the README; encoded payloads in code are held for review.',
    minEntropy: 4.5,
  },
  {
    id: 'obfuscation.binary',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: 'Embedded executable or WebAssembly (wasm, ELF, PE, Mach-O)',
    fix: 'Plugins run as JavaScript in the sandbox; remove native binaries. WebAssembly is reviewed by hand: include its source and build instructions.',
  },
  {
    id: 'obfuscation.unscanned',
    kind: 'obfuscation',
    severity: 'quarantine',
    title: 'Text file too large to scan fully',
    fix: 'Split the file or ship it minified with its source map; text past the scan limit is reviewed by hand.',
  },
  {
    id: 'impersonation.name',
    kind: 'impersonation',
    severity: 'quarantine',
    title: "Display name looks like another publisher's plugin",
    fix: 'Choose a name that cannot be mistaken for the other plugin. If you are its publisher, publish from that publisher.',
  },
  {
    id: 'impersonation.id',
    kind: 'impersonation',
    severity: 'quarantine',
    title: "Plugin id looks like another publisher's plugin",
    fix: "Choose an id whose slug and publisher cannot be mistaken for the other plugin's.",
  },
  {
    id: 'blocklist.package',
    kind: 'blocklist',
    severity: 'block',
    title: 'Package blocked by the marketplace',
    fix: 'This exact package was blocked by a marketplace administrator; contact support.',
  },
  {
    id: 'blocklist.file',
    kind: 'blocklist',
    severity: 'block',
    title: 'File blocked by the marketplace',
    fix: 'Remove the file: its content was blocked by a marketplace administrator (known malware or stolen content).',
  },
];

const BY_ID = new Map(SCAN_RULES.map((rule) => [rule.id, rule]));

export function scanRule(id: string): ScanRule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`No scan rule ${id}.`);
  return rule;
}

/** The secret rules that match by pattern (everything but the keyword-only ones). */
export const SECRET_RULES = SCAN_RULES.filter((rule) => rule.kind === 'secret' && rule.pattern);

/** Changes with the rule list; stored with a result. */
export const SCAN_RULES_VERSION = `2026-12-02.${SCAN_RULES.length}`;
