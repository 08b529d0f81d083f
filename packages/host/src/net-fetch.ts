// The platform's `ctx.fetch` service: the request itself, after the bridge (bridges.ts) checked
// https, the granted hosts, the method and the headers. One implementation for the platform
// (functions/src/runtime/services.ts) and for local runs (`mlebotics-plugin run`), so a local
// run fetches, refuses and fails exactly as a run on the platform does.
import { BridgeError } from './errors.js';
import { fetchFailure } from './fetch-failure.js';
import type { FetchRequest, FetchResponse, ServiceCall } from './services.js';

/** Limits of a `ctx.fetch` request on the platform. */
export const FETCH_LIMITS = {
  /** Whole request, connecting to the last body byte. */
  timeoutMs: 10_000,
  /** Response body; the bridge passes its own (never larger) cap as `maxResponseBytes`. */
  responseBytes: 1024 * 1024,
} as const;

/** What one request asks for; `signal` is the run's (aborted when the run ends). */
export interface PlatformFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * An HTTPS request to a URL the bridge already checked against the declared hosts. Redirects
 * are not followed (a redirect could leave the allow-list: the 3xx response is returned); the
 * body is capped at `maxBytes`; a failure becomes a BridgeError saying why (fetch-failure.ts).
 */
export async function platformFetch(
  url: URL,
  init: PlatformFetchInit,
  maxBytes: number = FETCH_LIMITS.responseBytes,
): Promise<FetchResponse> {
  const chunks: Uint8Array[] = [];
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(FETCH_LIMITS.timeoutMs), ...(init.signal ? [init.signal] : [])]),
    });
    const reader = response.body?.getReader();
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new BridgeError(`The response from ${url.host} is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    throw fetchFailure(url, error, FETCH_LIMITS.timeoutMs, init.signal?.aborted ?? false);
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** `platformFetch` as the `fetch` member of HostServices. */
export function platformFetchService(request: FetchRequest, call: ServiceCall): Promise<FetchResponse> {
  return platformFetch(
    request.url,
    { method: request.method, headers: request.headers, body: request.body, signal: call.signal },
    request.maxResponseBytes,
  );
}
