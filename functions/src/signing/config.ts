import { defaultLocalKeyFile, isEmulator, params } from '../lib/config.js';
import { ActiveKeySigner } from './active-key.js';
import { KmsSigner } from './kms-signer.js';
import { LocalSigner } from './local-signer.js';
import { kmsRotation, localRotation, type KeyRotation } from './rotation.js';
import type { Signer } from './signer.js';

interface Backend {
  signer: Signer;
  rotation: KeyRotation;
}

let backend: Promise<Backend> | undefined;

/**
 * The configured signer: Cloud KMS in production, a local key in the emulator; either signs with
 * the key a rotation made active. The KMS client (google-gax) loads only when used: it would add
 * about 300 ms to every cold start.
 */
export async function configuredSigner(): Promise<Signer> {
  return (await configuredBackend()).signer;
}

/** How the configured backend makes a new key (rotateSigningKey). */
export async function configuredRotation(): Promise<KeyRotation> {
  return (await configuredBackend()).rotation;
}

function configuredBackend(): Promise<Backend> {
  backend ??= createBackend().catch((error: unknown) => {
    backend = undefined;
    throw error;
  });
  return backend;
}

async function createBackend(): Promise<Backend> {
  const configured = params.signer.value() || 'auto';
  const choice = configured === 'auto' ? (isEmulator() ? 'local' : 'kms') : configured;
  if (choice === 'local') {
    if (!isEmulator())
      throw new Error('SIGNER=local is for the emulator only; production signs with Cloud KMS (SIGNER=kms).');
    const keyFile = params.localSigningKeyFile.value() || defaultLocalKeyFile();
    const rotation = localRotation(keyFile);
    return { signer: new ActiveKeySigner(new LocalSigner(keyFile), rotation.signerFor), rotation };
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
    const client = new KeyManagementServiceClient();
    const rotation = kmsRotation(client, version);
    return { signer: new ActiveKeySigner(new KmsSigner(client, version), rotation.signerFor), rotation };
  }
  throw new Error(`SIGNER must be kms, local or auto, got ${JSON.stringify(choice)}.`);
}
