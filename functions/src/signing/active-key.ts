import type { SigningKeyDoc } from '@mlebotics/shared';
import { cols } from '../lib/documents.js';
import type { Signer, SigningKeyInfo } from './signer.js';

/** Makes the signer of a published key, or undefined when this backend does not hold that key. */
export type SignerForKey = (key: SigningKeyDoc) => Promise<Signer | undefined>;

/**
 * Signs with the key the marketplace marked `active` (`signingKeys`, where a rotation puts the new
 * key) when this backend holds it, otherwise with the configured key (the first key, and after
 * the emulators' data is wiped). The active key is looked up again on every call, so a rotation
 * takes effect on the next publish in every instance. A publish pins it (`pin`, as
 * `signStatement` does) so that the key it describes is the key that signs.
 */
export class ActiveKeySigner implements Signer {
  constructor(
    private readonly configured: Signer,
    private readonly forKey: SignerForKey,
  ) {}

  /** The signer of the key in force now. */
  async pin(): Promise<Signer> {
    const active = await cols.signingKeys().where('status', '==', 'active').limit(2).get();
    // More than one active key is an interrupted rotation: the configured key is the safe choice.
    const only = active.size === 1 ? active.docs[0]!.data() : undefined;
    return (only && (await this.forKey(only))) ?? this.configured;
  }

  async describeKey(): Promise<SigningKeyInfo> {
    return (await this.pin()).describeKey();
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    return (await this.pin()).sign(data);
  }
}
