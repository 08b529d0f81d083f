/** Emulator ports from firebase.json, injected by vite.config.ts. */
declare const __EMULATOR_PORTS__: Record<'auth' | 'firestore' | 'functions' | 'storage' | 'hosting', number>;
