import { health } from '@mlebotics/shared';
import { PROJECT_ID, REGION, connectClient, createUser, hosts, resetEmulators } from '@mlebotics/testing';
import { distribution, timeMs, type Benchmark } from '../lib.js';

const N = 50;

export const callableRoundtrip: Benchmark = {
  name: 'callable.roundtrip_ms',
  async run() {
    await resetEmulators();
    const user = await createUser('bench@example.com');
    const client = await connectClient(user);
    const token = await client.auth.currentUser!.getIdToken();
    const url = `http://${hosts.functions}/${PROJECT_ID}/${REGION}/${health.name}`;
    const raw = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"data":{}}',
      }).then((r) => r.json());
    // Warm both paths (cold start, connection setup) before measuring.
    for (let i = 0; i < 5; i++) {
      await client.call(health, {});
      await raw();
    }
    const sdk: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < N; i++) {
      sdk.push(await timeMs(() => client.call(health, {})));
      floor.push(await timeMs(raw));
    }
    await client.close();
    return [
      distribution('callable.roundtrip_ms', 'ms', sdk, {
        floorSamples: floor,
        note: 'health callable through the Firebase web SDK; floor: the same request as a raw HTTP POST to the Functions emulator',
      }),
    ];
  },
};
