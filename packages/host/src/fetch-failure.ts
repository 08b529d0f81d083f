import { BridgeError } from './errors.js';

/** Network error codes (Node's and undici's) and what they mean for the plugin's developer. */
const REASONS: Record<string, string> = {
  ENOTFOUND: 'its name does not resolve (DNS): check the host name',
  EAI_AGAIN: 'its name could not be resolved right now (DNS lookup failed temporarily)',
  ECONNREFUSED: 'the connection was refused: nothing listens on that port',
  ECONNRESET: 'the server closed the connection',
  EHOSTUNREACH: 'the host cannot be reached from the platform',
  ENETUNREACH: 'the host cannot be reached from the platform',
  ETIMEDOUT: 'connecting timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending the response',
  UND_ERR_SOCKET: 'the connection failed',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
};

function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}

/**
 * Why a `ctx.fetch` request failed, as a BridgeError the plugin sees ("The host could not complete
 * fetch" said nothing). `timeoutMs` is the platform's per-request limit; `aborted` means the run
 * itself ended (its deadline) while the request was in flight.
 */
export function fetchFailure(url: URL, error: unknown, timeoutMs: number, aborted: boolean): BridgeError {
  if (error instanceof BridgeError) return error;
  const where = `ctx.fetch of ${url.host}`;
  const name = (error as { name?: unknown })?.name;
  if (aborted) return new BridgeError(`${where} was cancelled: the run ended before the response arrived.`);
  if (name === 'TimeoutError')
    return new BridgeError(
      `${where} failed: no complete response within ${timeoutMs / 1000} s (the platform's limit).`,
    );
  const code = codeOf(error);
  const reason = code !== undefined && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
  if (reason) return new BridgeError(`${where} failed: ${reason} (${code}).`);
  return new BridgeError(`${where} failed: the request could not be completed${code ? ` (${code})` : ''}.`);
}
