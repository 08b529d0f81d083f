import { createUpload as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { createUploadIntent } from '../publish/upload-intent.js';

export const createUpload = callable(contract, createUploadIntent);
