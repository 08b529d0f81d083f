# Source this to run vitest directly against emulators started with `npm run emulators`:
#   . scripts/dev-env.sh && npx vitest run --project integration <filter>
export GCLOUD_PROJECT=demo-mlebotics
export FIRESTORE_EMULATOR_HOST=127.0.0.1:8080
export FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099
export FIREBASE_STORAGE_EMULATOR_HOST=127.0.0.1:9199
export STORAGE_EMULATOR_HOST=http://127.0.0.1:9199
export FIREBASE_EMULATOR_HUB=127.0.0.1:4400
export MLE_STORAGE_RULES_RUNTIME=${MLE_STORAGE_RULES_RUNTIME:-standin}
