import type {
  CallableInput,
  addOrgMember,
  createOrg,
  openPanel,
  panelBridge,
  revokeInvitation,
  runPluginStep,
  setOrgMemberRole,
  updateOrgSettings,
} from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Creates an organization with the caller as its owner. */
export const createOrganization = (input: CallableInput<typeof createOrg>) =>
  call<typeof createOrg>('createOrg', input);

/** Changes a member's role, or removes the member (`role: null`). */
export const setMemberRole = (input: CallableInput<typeof setOrgMemberRole>) =>
  call<typeof setOrgMemberRole>('setOrgMemberRole', input);

/** Invites someone by email; they join when they accept. */
export const inviteMember = (input: CallableInput<typeof addOrgMember>) =>
  call<typeof addOrgMember>('addOrgMember', input);

/** Withdraws an invitation the organization sent. */
export const withdrawInvitation = (invitationId: string) =>
  call<typeof revokeInvitation>('revokeInvitation', { invitationId });

/** Saves the organization's install policy. */
export const saveOrgSettings = (input: CallableInput<typeof updateOrgSettings>) =>
  call<typeof updateOrgSettings>('updateOrgSettings', input);

/** Runs an installed plugin's automation step. */
export const runStep = (input: CallableInput<typeof runPluginStep>) =>
  call<typeof runPluginStep>('runPluginStep', input);

/** Opens a plugin's UI panel: its HTML and a session for the bridge calls. */
export const openPluginPanel = (input: CallableInput<typeof openPanel>) => call<typeof openPanel>('openPanel', input);

/** One bridge call from an open panel, checked and audited by the server. */
export const callPanelBridge = (input: CallableInput<typeof panelBridge>) =>
  call<typeof panelBridge>('panelBridge', input);
