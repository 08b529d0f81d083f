import type { SigningKeyDoc } from '@mlebotics/shared';
import { cols } from '../lib/documents.js';
import type { Signer, SigningKeyInfo } from './signer.js';

/** Makes the signer of a published key, or undefined when this backend does not hold that key. */
export type SignerForKey = (key: SigningKeyDoc) => Promise<Signer | undefined>;

/**
 * Signs with the key the marketplace marked `active` (`signingKeys`, where a rotation puts the new
 * key) when this backend holds it, otherwise with the configured key (the first key, and after
 * the emulators' data is wiped). Each `describeKey` looks the active key up again, so a rotation
 * takes effect on the next publish in every instance; `sign` uses the key last described.
 *
 * A publish that described the old key an instant before a rotation, while another publish in
 * the same instance described the new one, would sign with the new key under the old key's id:
 * the pipeline verifies nothing of that, so a rotation should not run during a burst of
 * publishes (see docs/architecture.md, "Admin console").
 */
export class ActiveKeySigner implements Signer {
  private current: Promise<Signer> | undefined;

  constructor(
    private readonly configured: Signer,
    private readonly forKey: SignerForKey,
  ) {}

  private async resolve(): Promise<Signer> {
    const active = await cols.signingKeys().where('status', '==', 'active').limit(2).get();
    // More than one active key is an interrupted rotation: the configured key is the safe choice.
    const only = active.size === 1 ? active.docs[0]!.data() : undefined;
    return (only && (await this.forKey(only))) ?? this.configured;
  }

  async describeKey(): Promise<SigningKeyInfo> {
    const chosen = this.resolve();
    this.current = chosen;
    return (await chosen).describeKey();
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    this.current ??= this.resolve();
    return (await this.current).sign(data);
  }
}
