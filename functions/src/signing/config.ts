import { defaultLocalKeyFile, isEmulator, params } from '../lib/config.js';
import { KmsSigner } from './kms-signer.js';
import { LocalSigner } from './local-signer.js';
import type { Signer } from './signer.js';

let signer: Promise<Signer> | undefined;

/**
 * The configured signer: Cloud KMS in production, a local key in the emulator. The KMS client
 * (google-gax) loads only when used: it would add about 300 ms to every cold start.
 */
export function configuredSigner(): Promise<Signer> {
  signer ??= createSigner();
  return signer;
}

async function createSigner(): Promise<Signer> {
  const configured = params.signer.value() || 'auto';
  const choice = configured === 'auto' ? (isEmulator() ? 'local' : 'kms') : configured;
  if (choice === 'local') {
    if (!isEmulator())
      throw new Error('SIGNER=local is for the emulator only; production signs with Cloud KMS (SIGNER=kms).');
    return new LocalSigner(params.localSigningKeyFile.value() || defaultLocalKeyFile());
  }
  if (choice === 'kms') {
    const version = params.kmsKeyVersion.value();
    if (
      !/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/.test(version)
    ) {
      throw new Error(
        `KMS_KEY_VERSION must be a full key version name (projects/…/cryptoKeyVersions/N), got ${JSON.stringify(version)}.`,
      );
    }
    const { KeyManagementServiceClient } = await import('@google-cloud/kms');
    return new KmsSigner(new KeyManagementServiceClient(), version);
  }
  throw new Error(`SIGNER must be kms, local or auto, got ${JSON.stringify(choice)}.`);
}
