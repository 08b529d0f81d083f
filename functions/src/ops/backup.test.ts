import { describe, expect, it } from 'vitest';
import { exportDestination } from './backup.js';

describe('exportDestination', () => {
  const now = new Date('2026-12-02T03:00:00Z');
  it("names the day's folder in the backup bucket and the default database", () => {
    expect(exportDestination('mle-backups', 'mle-prod', now)).toEqual({
      database: { projectId: 'mle-prod', databaseId: '(default)' },
      outputUriPrefix: 'gs://mle-backups/firestore/2026-12-02',
    });
  });
  it('says what is missing and how to set it', () => {
    expect(() => exportDestination('', 'mle-prod', now)).toThrow(/BACKUP_BUCKET is not set: set it in/);
    expect(() => exportDestination('mle-backups', undefined, now)).toThrow(/GCLOUD_PROJECT/);
  });
});
