/**
 * The version of the MLEbotics platform this marketplace serves. Plugins declare the range they
 * work with in `engines.platform`; installs and updates refuse versions outside it.
 */
export const PLATFORM_VERSION = '1.4.0';
