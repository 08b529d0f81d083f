// Revenue: buying paid plugins for an organization, and a publisher's earnings.
export { Earnings } from './components/Earnings';
export { PurchaseBox } from './components/PurchaseBox';
export { entitlementActive, type EntitlementAccess } from './entitlement';
