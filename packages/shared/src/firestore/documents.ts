/**
 * The types of every Firestore document, inferred from their schemas (`./schemas.ts`), and one
 * converter per document built from them. Readers on either SDK parse through the converters;
 * functions write with them (the SDK then types every set, create and update).
 */
import type * as z from 'zod/mini';
import { documentConverter, type FirestoreTimestamp } from './converter.js';
import * as s from './schemas.js';

/**
 * Replaces the timestamps of a document type with `T`: the web app reads them as millis or
 * leaves them opaque (`T = unknown`, the default of the exported `…Doc<T>` types).
 */
export type WithTimestamps<V, T> = V extends FirestoreTimestamp
  ? T
  : V extends object
    ? { [K in keyof V]: WithTimestamps<V[K], T> }
    : V;

/** A document type with opaque timestamps by default, or the SDK's with `Doc<FirestoreTimestamp>`. */
type Doc<S extends z.core.$ZodType, T> = WithTimestamps<z.output<S>, T>;

export type Pricing = z.output<typeof s.pricingSchema>;
export type RatingSummary = z.output<typeof s.ratingSummarySchema>;
export type ListingOverrides = z.output<typeof s.listingOverridesSchema>;
export type OrgSettings = z.output<typeof s.orgSettingsSchema>;
export type Entitlement = z.output<typeof s.entitlementSchema>;
export type PaymentRecord = z.output<typeof s.paymentRecordSchema>;
export type ReviewStatus = z.output<typeof s.reviewStatusSchema>;

// The exported names of the stored shapes (timestamps opaque unless `T` is given).
export type ListingDoc<T = unknown> = Doc<typeof s.listingDocSchema, T>;
export type VersionDoc<T = unknown> = Doc<typeof s.versionDocSchema, T>;
export type VersionScreenshot = z.output<typeof s.versionScreenshotSchema>;
export type ReadmeDoc = z.output<typeof s.readmeDocSchema>;
export type CatalogStatsDoc<T = unknown> = Doc<typeof s.catalogStatsDocSchema, T>;
export type UploadDocument<T = unknown> = Doc<typeof s.uploadDocSchema, T>;
export type IdClaimDoc<T = unknown> = Doc<typeof s.idClaimDocSchema, T>;
export type PublisherClaimDoc<T = unknown> = Doc<typeof s.publisherClaimDocSchema, T>;
export type ArtifactLockDoc<T = unknown> = Doc<typeof s.artifactLockDocSchema, T>;
export type SigningKeyDoc<T = unknown> = Doc<typeof s.signingKeyDocSchema, T>;
export type PublisherDoc<T = unknown> = Doc<typeof s.publisherDocSchema, T>;
export type PublisherProfileDoc = z.output<typeof s.publisherProfileDocSchema>;
export type OrgDoc<T = unknown> = Doc<typeof s.orgDocSchema, T>;
export type InvitationDoc<T = unknown> = Doc<typeof s.invitationDocSchema, T>;
export type UserDoc = z.output<typeof s.userDocSchema>;
export type InstallDoc<T = unknown> = Doc<typeof s.installDocSchema, T>;
export type InstallRequestDoc<T = unknown> = Doc<typeof s.installRequestDocSchema, T>;
export type AuditEntryDoc<T = unknown> = Doc<typeof s.auditEntryDocSchema, T>;
export type PanelSessionDoc<T = unknown> = Doc<typeof s.panelSessionDocSchema, T>;
export type StorageEntryDoc<T = unknown> = Doc<typeof s.storageEntryDocSchema, T>;
export type SensorReadingDoc<T = unknown> = Doc<typeof s.sensorReadingDocSchema, T>;
export type SecretDoc<T = unknown> = Doc<typeof s.secretDocSchema, T>;
export type ActuatorCommandDoc<T = unknown> = Doc<typeof s.actuatorCommandDocSchema, T>;
export type NotificationDoc<T = unknown> = Doc<typeof s.notificationDocSchema, T>;
export type AutomationRunDoc<T = unknown> = Doc<typeof s.automationRunDocSchema, T>;
export type RunRecordDoc<T = unknown> = Doc<typeof s.runRecordDocSchema, T>;
export type ReviewDoc<T = unknown> = Doc<typeof s.reviewDocSchema, T>;
export type PublicReviewDoc<T = unknown> = Doc<typeof s.publicReviewDocSchema, T>;
export type ReviewStateDoc<T = unknown> = Doc<typeof s.reviewStateDocSchema, T>;
export type ReviewReactionDoc<T = unknown> = Doc<typeof s.reviewReactionDocSchema, T>;
export type EntitlementDoc = z.output<typeof s.entitlementDocSchema>;
export type CheckoutDoc<T = unknown> = Doc<typeof s.checkoutDocSchema, T>;
export type LedgerEntryDoc = z.output<typeof s.ledgerEntryDocSchema>;
export type EarningsRowDoc = z.output<typeof s.earningsRowDocSchema>;
export type ProcessedEventDoc<T = unknown> = Doc<typeof s.processedEventDocSchema, T>;
export type RateLimitDoc<T = unknown> = Doc<typeof s.rateLimitDocSchema, T>;
export type CallRequestDoc<T = unknown> = Doc<typeof s.callRequestDocSchema, T>;
export type SearchChangeDoc<T = unknown> = Doc<typeof s.searchChangeDocSchema, T>;
export type SearchIndexDoc<T = unknown> = Doc<typeof s.searchIndexDocSchema, T>;
export type ModerationMark<T = unknown> = Doc<typeof s.moderationMarkSchema, T>;
export type ScanReportDoc<T = unknown> = Doc<typeof s.scanReportDocSchema, T>;
export type HeldVersionDoc<T = unknown> = Doc<typeof s.heldVersionDocSchema, T>;
export type BlocklistDoc<T = unknown> = Doc<typeof s.blocklistDocSchema, T>;
export type AdminAuditEntryDoc<T = unknown> = Doc<typeof s.adminAuditEntryDocSchema, T>;
export type PublisherTokenDoc<T = unknown> = Doc<typeof s.publisherTokenDocSchema, T>;
export type DevBuildDoc<T = unknown> = Doc<typeof s.devBuildDocSchema, T>;

/** One converter per document, keyed like `paths`. */
export const converters = {
  plugin: documentConverter(s.listingDocSchema),
  version: documentConverter(s.versionDocSchema),
  versionAsset: documentConverter(s.readmeDocSchema),
  catalogStats: documentConverter(s.catalogStatsDocSchema),
  upload: documentConverter(s.uploadDocSchema),
  idClaim: documentConverter(s.idClaimDocSchema),
  publisherClaim: documentConverter(s.publisherClaimDocSchema),
  artifactLock: documentConverter(s.artifactLockDocSchema),
  signingKey: documentConverter(s.signingKeyDocSchema),
  publisher: documentConverter(s.publisherDocSchema),
  publisherProfile: documentConverter(s.publisherProfileDocSchema),
  org: documentConverter(s.orgDocSchema),
  invitation: documentConverter(s.invitationDocSchema),
  user: documentConverter(s.userDocSchema),
  install: documentConverter(s.installDocSchema),
  installRequest: documentConverter(s.installRequestDocSchema),
  auditEntry: documentConverter(s.auditEntryDocSchema),
  panelSession: documentConverter(s.panelSessionDocSchema),
  storageEntry: documentConverter(s.storageEntryDocSchema),
  sensor: documentConverter(s.sensorReadingDocSchema),
  secret: documentConverter(s.secretDocSchema),
  actuatorCommand: documentConverter(s.actuatorCommandDocSchema),
  notification: documentConverter(s.notificationDocSchema),
  automationRun: documentConverter(s.automationRunDocSchema),
  run: documentConverter(s.runRecordDocSchema),
  review: documentConverter(s.reviewDocSchema),
  publicReview: documentConverter(s.publicReviewDocSchema),
  reviewState: documentConverter(s.reviewStateDocSchema),
  reviewReaction: documentConverter(s.reviewReactionDocSchema),
  entitlement: documentConverter(s.entitlementDocSchema),
  openCheckout: documentConverter(s.checkoutDocSchema),
  ledgerEntry: documentConverter(s.ledgerEntryDocSchema),
  earningsRow: documentConverter(s.earningsRowDocSchema),
  processedEvent: documentConverter(s.processedEventDocSchema),
  rateLimit: documentConverter(s.rateLimitDocSchema),
  callRequest: documentConverter(s.callRequestDocSchema),
  searchChange: documentConverter(s.searchChangeDocSchema),
  searchIndex: documentConverter(s.searchIndexDocSchema),
  scanReport: documentConverter(s.scanReportDocSchema),
  heldVersion: documentConverter(s.heldVersionDocSchema),
  blocklistEntry: documentConverter(s.blocklistDocSchema),
  adminAuditEntry: documentConverter(s.adminAuditEntryDocSchema),
  publisherToken: documentConverter(s.publisherTokenDocSchema),
  devBuild: documentConverter(s.devBuildDocSchema),
} as const;

/** The stored type of the document a converter reads (`DocumentOf<typeof converters.plugin>`). */
export type DocumentOf<C> = C extends { fromFirestore(...args: never[]): infer T } ? T : never;
