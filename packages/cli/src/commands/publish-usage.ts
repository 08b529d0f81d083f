// `publish`'s exit codes and help, apart from the command so that the CLI's help and version
// print without loading it (and the Firebase protocol and validators it brings).

/** `publish`'s exit codes (documented in its help and docs/publishing.md). */
export const PUBLISH_EXIT = {
  published: 0,
  rejected: 1,
  usage: 2,
  inReview: 3,
  tokenRefused: 4,
  rateLimited: 5,
  unreachable: 6,
} as const;

export const PUBLISH_HELP = `Usage: mlebotics-plugin publish <file.tgz> [--token <token>] [--project <id>] [--api-key <key>] [--emulators]

  Publish a package from CI with a publisher API token (create one on the publisher's page in
  the console): checks it locally as \`validate\` does while it exchanges the token and announces
  the upload, sends the file like the console only if the check passes (otherwise the
  announcement is withdrawn), then prints each pipeline step until the verdict, with the same
  error codes.

Options:
  --token <token>     The API token (default: the MLEBOTICS_TOKEN environment variable; prefer
                      it in CI, so the token is not on the command line)
  --project <id>      Firebase project of the marketplace (default: MLEBOTICS_PROJECT)
  --api-key <key>     The console's public Firebase web API key (default: MLEBOTICS_API_KEY)
  --region <region>   Region of the functions (default: us-central1)
  --emulators         Use the local emulators (hosts from FIREBASE_AUTH_EMULATOR_HOST,
                      FIRESTORE_EMULATOR_HOST, FIREBASE_STORAGE_EMULATOR_HOST,
                      MLEBOTICS_FUNCTIONS_EMULATOR_HOST, else firebase.json's ports)
  --timeout <seconds> How long to follow the pipeline (default: 600)

Exit codes: 0 published, 1 rejected (locally or by the marketplace), 2 usage error,
3 held for review, 4 token refused (invalid, revoked, expired, other publisher),
5 rate-limited or over a quota, 6 marketplace unreachable or no verdict in time.
`;
