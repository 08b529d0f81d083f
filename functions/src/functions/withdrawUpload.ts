import { withdrawUpload as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as uploadIntent from '../publish/upload-intent.js';

export const withdrawUpload = callable(contract, uploadIntent.withdrawUpload);
