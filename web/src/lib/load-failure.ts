/**
 * What to tell the user when a piece of the console loaded on demand (a lazily imported module)
 * could not be downloaded: browsers word it differently and none of it helps a user.
 */
export function describeLoadFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/dynamically imported module|importing a module script failed|failed to fetch/i.test(message)) {
    return 'This part of the console could not be downloaded because the marketplace cannot be reached. Check your connection and try again.';
  }
  return message;
}
