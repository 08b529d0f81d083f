import { connectStorageEmulator, getBytes, getStorage, ref, type FirebaseStorage } from 'firebase/storage';
import { env } from './env';
import { app } from './firebase';

let storage: FirebaseStorage | undefined;

/** The Storage SDK, wired to the emulator in demo projects. Imported on demand (publish, envelopes). */
export function storageClient(): FirebaseStorage {
  if (!storage) {
    storage = getStorage(app);
    if (env.useEmulators) connectStorageEmulator(storage, env.emulatorHost, __EMULATOR_PORTS__.storage);
  }
  return storage;
}

export async function readJson<T>(path: string): Promise<T> {
  const bytes = await getBytes(ref(storageClient(), path));
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
