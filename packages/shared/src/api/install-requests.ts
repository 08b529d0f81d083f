import { z } from 'zod';
import { defineCallable } from './define.js';
import { pluginIdSchema } from './installs.js';
import { orgIdSchema } from './orgs.js';

/** Longest note an operator adds to an install request. */
export const MAX_REQUEST_NOTE_CHARS = 500;

export const requestInstallInputSchema = z
  .object({
    orgId: orgIdSchema,
    pluginId: pluginIdSchema,
    /** Why the organization needs it, for the owners who decide. */
    note: z.string().trim().max(MAX_REQUEST_NOTE_CHARS).default(''),
  })
  .strict();

export interface InstallRequestOutput {
  pluginId: string;
  status: 'pending' | 'approved' | 'declined';
  /** false when the same request was already pending (asking twice changes nothing). */
  changed: boolean;
}

/**
 * A member asks the organization's owners and admins to install a plugin (one open request per
 * organization and plugin). Approving is installing it through the consent dialog.
 */
export const requestInstall = defineCallable<InstallRequestOutput>()('requestInstall', requestInstallInputSchema);

export const declineInstallRequestInputSchema = z
  .object({
    orgId: orgIdSchema,
    pluginId: pluginIdSchema,
    /** Shown to the member who asked. */
    reason: z.string().trim().min(5, 'must say why, in 5 to 300 characters').max(300),
  })
  .strict();

/** An owner or admin declines a pending install request, saying why. */
export const declineInstallRequest = defineCallable<InstallRequestOutput>()(
  'declineInstallRequest',
  declineInstallRequestInputSchema,
);
