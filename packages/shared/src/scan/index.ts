export * from './types.js';
export { SCAN_RULES, SCAN_RULES_VERSION, scanRule, type ScanRule } from './rules.js';
export { PackageScanner, scanOutcome, SCAN_TEXT_BYTES, MAX_FINDINGS, type FileVisitor } from './scanner.js';
export { redact, shannonEntropy, isPlaceholder } from './text.js';
