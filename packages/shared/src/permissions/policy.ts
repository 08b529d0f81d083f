import { PERMISSIONS, RISK_ORDER, isPermissionName, type RiskLevel } from '../catalogue/index.js';
import type { Permission } from '../manifest/manifest.generated.js';

type DocumentData = Record<string, unknown>;

/** An organization's install policy (`orgs/{orgId}.settings`), set by its owners and admins. */
export interface OrgPolicy {
  /** Only plugins private to this organization (its internal registry) may be installed. */
  internalOnly: boolean;
  /** When not empty, only these publishers' plugins may be installed. */
  allowedPublishers: string[];
  blockedPublishers: string[];
  /** The highest permission risk a plugin may ask for. */
  maxRisk: RiskLevel;
}

export function policyOf(org: DocumentData | undefined): OrgPolicy {
  const settings = (org?.settings ?? {}) as Partial<OrgPolicy>;
  return {
    internalOnly: settings.internalOnly === true,
    allowedPublishers: settings.allowedPublishers ?? [],
    blockedPublishers: settings.blockedPublishers ?? [],
    maxRisk: settings.maxRisk ?? 'high',
  };
}

/** A permission's own risk level (a name the catalogue does not know counts as high). */
export function riskOf(permission: Permission): RiskLevel {
  return isPermissionName(permission.name) ? PERMISSIONS[permission.name].risk : 'high';
}

export function highestRisk(permissions: readonly Permission[]): RiskLevel {
  return permissions.reduce<RiskLevel>((max, p) => {
    const risk = riskOf(p);
    return RISK_ORDER[risk] > RISK_ORDER[max] ? risk : max;
  }, 'low');
}

/** Why the organization's policy refuses this plugin version, or undefined. */
export function policyViolation(
  policy: OrgPolicy,
  orgId: string,
  listing: DocumentData,
  permissions: readonly Permission[],
): string | undefined {
  const publisherId = String(listing.publisherId);
  if (policy.internalOnly && !(listing.visibility === 'private' && listing.privateOrgId === orgId)) {
    return 'This organization installs internal plugins only (its private registry); this plugin is not one of them.';
  }
  if (policy.blockedPublishers.includes(publisherId))
    return `The publisher "${publisherId}" is blocked by this organization's policy.`;
  if (policy.allowedPublishers.length > 0 && !policy.allowedPublishers.includes(publisherId)) {
    return `This organization only allows plugins from ${policy.allowedPublishers.map((p) => `"${p}"`).join(', ')}.`;
  }
  const risk = highestRisk(permissions);
  if (RISK_ORDER[risk] > RISK_ORDER[policy.maxRisk]) {
    const risky = permissions.filter((p) => RISK_ORDER[riskOf(p)] > RISK_ORDER[policy.maxRisk]);
    return `This organization allows permissions up to ${policy.maxRisk} risk; the plugin asks for ${risky.map((p) => `${p.name} (${riskOf(p)})`).join(', ')}.`;
  }
  return undefined;
}

/** The policy in one sentence, for the consent dialog and the settings page. */
export function describePolicy(policy: OrgPolicy): string {
  const parts = [`permissions up to ${policy.maxRisk} risk`];
  if (policy.internalOnly) parts.unshift('internal (private) plugins only');
  if (policy.allowedPublishers.length) parts.push(`only publishers ${policy.allowedPublishers.join(', ')}`);
  if (policy.blockedPublishers.length) parts.push(`publishers ${policy.blockedPublishers.join(', ')} blocked`);
  return `Organization policy: ${parts.join('; ')}.`;
}
