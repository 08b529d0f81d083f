import { KeyManagementServiceClient } from '@google-cloud/kms';
import { defaultLocalKeyFile, isEmulator, params } from '../lib/config.js';
import { KmsSigner } from './kms-signer.js';
import { LocalSigner } from './local-signer.js';
import type { Signer } from './signer.js';

let signer: Signer | undefined;

/** The configured signer: Cloud KMS in production, a local key in the emulator. */
export function configuredSigner(): Signer {
  if (signer) return signer;
  const choice = params.signer.value() === 'auto' ? (isEmulator() ? 'local' : 'kms') : params.signer.value();
  if (choice === 'local') {
    if (!isEmulator())
      throw new Error('SIGNER=local is for the emulator only; production signs with Cloud KMS (SIGNER=kms).');
    signer = new LocalSigner(params.localSigningKeyFile.value() || defaultLocalKeyFile());
  } else if (choice === 'kms') {
    const version = params.kmsKeyVersion.value();
    if (
      !/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/.test(version)
    ) {
      throw new Error(
        `KMS_KEY_VERSION must be a full key version name (projects/…/cryptoKeyVersions/N), got ${JSON.stringify(version)}.`,
      );
    }
    signer = new KmsSigner(new KeyManagementServiceClient(), version);
  } else {
    throw new Error(`SIGNER must be kms, local or auto, got ${JSON.stringify(choice)}.`);
  }
  return signer;
}
