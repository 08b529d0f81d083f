// The deployed functions, one per file under ./functions.
export * from './functions/addOrgMember.js';
export * from './functions/catalogStats.js';
export * from './functions/createOrg.js';
export * from './functions/createUpload.js';
export * from './functions/getManifest.js';
export * from './functions/getSession.js';
export * from './functions/health.js';
export * from './functions/install.js';
export * from './functions/listInstalled.js';
export * from './functions/listingDerivedFields.js';
export * from './functions/processUpload.js';
export * from './functions/retryUpload.js';
export * from './functions/revokeSigningKey.js';
export * from './functions/setOrgMemberRole.js';
export * from './functions/sweepUploads.js';
export * from './functions/uninstall.js';
export * from './functions/updateInstall.js';
