import { PERMISSIONS, isPermissionName, type Pricing, type RiskLevel } from '@mlebotics/shared';
import { formatMinor } from '../../lib/money';

export function RiskBadge({ risk }: { risk: RiskLevel }) {
  return <span className={`badge risk-${risk}`}>{risk} risk</span>;
}

export function PermissionRisk({ name }: { name: string }) {
  return isPermissionName(name) ? <RiskBadge risk={PERMISSIONS[name].risk} /> : <RiskBadge risk="high" />;
}

export function VerifiedBadge() {
  return (
    <span className="badge verified" title="The marketplace verified this publisher's identity">
      ✓ verified
    </span>
  );
}

const money = formatMinor;

export function priceLabel(pricing: Pricing | undefined): string {
  if (!pricing || pricing.model === 'free') return 'Free';
  if (pricing.model === 'one-time') return money(pricing.amount, pricing.currency);
  return `${money(pricing.amount, pricing.currency)}/month`;
}

export function PriceBadge({ pricing }: { pricing: Pricing | undefined }) {
  return (
    <span className={`badge ${!pricing || pricing.model === 'free' ? 'risk-low' : ''}`}>{priceLabel(pricing)}</span>
  );
}

/** The installed version was yanked by its publisher: it keeps running, but updating is advised. */
export function YankedBadge({ version }: { version: string }) {
  return (
    <span
      className="badge risk-high"
      data-testid="installed-yanked"
      title={`The publisher yanked version ${version}: it keeps running here, but you should update`}
    >
      Yanked
    </span>
  );
}

/** A development build: uploaded for this organization only, never published or listed. */
export function DevelopmentBadge({ build }: { build: number }) {
  return (
    <span
      className="badge risk-medium"
      data-testid="development-badge"
      title="A development build uploaded for this organization only: not published, not reviewed, not listed"
    >
      Development build #{build}
    </span>
  );
}
