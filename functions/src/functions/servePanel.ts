import { onRequest } from 'firebase-functions/v2/https';
import * as panels from '../runtime/panels.js';

/** Serves the verified files of open UI panel sessions, on the panel origin (not the console's). */
export const servePanel = onRequest({ invoker: 'public' }, panels.servePanel);
