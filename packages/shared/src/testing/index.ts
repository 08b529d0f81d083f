/**
 * Fixtures for tests, benchmarks and demos, shared by the host's tests and the testing package
 * (which the host does not depend on). Not imported by production code.
 */
export { STEP_SCHEMA, manifestFor, type StepSpec } from './manifest.js';
