/**
 * The address a call came from, as far as the platform can tell. The functions framework runs
 * Express with `trust proxy` on, so `req.ip` is the left-most `X-Forwarded-For` entry: whatever
 * the client wrote there, which would let one client spread its attempts over invented
 * addresses, or spend someone else's. Google's front end appends the address it accepted the
 * connection from, so the right-most entry is the one a client cannot choose. Without the
 * header (the emulator, a direct connection) the socket's address is used.
 */
export function clientAddress(
  request: { headers?: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } } | undefined,
): string {
  const header = request?.headers?.['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? request?.socket?.remoteAddress ?? 'unknown';
}
