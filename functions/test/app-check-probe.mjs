// Calls every callable of a built functions folder (argv[2]) once, signed in but without an App
// Check token, and prints {name: HTTP status} as JSON. Token signatures are not checked
// (firebase-functions' skipTokenVerification debug feature): only the App Check decision is tested.
import express from 'express';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const folder = process.argv[2];
process.env.GCLOUD_PROJECT ||= 'demo-deploy-check';
process.env.FIREBASE_CONFIG ||= JSON.stringify({
  projectId: process.env.GCLOUD_PROJECT,
  storageBucket: `${process.env.GCLOUD_PROJECT}.appspot.com`,
});
process.env.FIREBASE_DEBUG_MODE = 'true';
process.env.FIREBASE_DEBUG_FEATURES = JSON.stringify({ skipTokenVerification: true });

const { createRequire } = await import('node:module');
const require = createRequire(path.join(folder, 'package.json'));
const main = require(path.join(folder, 'package.json')).main ?? 'index.js';
const functions = await import(pathToFileURL(path.join(folder, main)).href);

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
// An unsigned ID token for a user (accepted only because verification is skipped).
const idToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
  iss: `https://securetoken.google.com/${process.env.GCLOUD_PROJECT}`,
  aud: process.env.GCLOUD_PROJECT,
  sub: 'probe-user',
  user_id: 'probe-user',
  iat: now,
  exp: now + 3600,
  auth_time: now,
})}.`;

const app = express();
app.use(express.json({ verify: (req, _res, buf) => (req.rawBody = buf) }));
const names = Object.keys(functions).filter((name) => functions[name]?.__endpoint?.callableTrigger);
for (const name of names) app.post(`/${name}`, (req, res) => functions[name](req, res));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address();
const statuses = {};
for (const name of names) {
  const response = await fetch(`http://127.0.0.1:${port}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: JSON.stringify({ data: {} }),
  });
  statuses[name] = response.status;
}
server.close();
console.log(JSON.stringify(statuses));
process.exit(0);
