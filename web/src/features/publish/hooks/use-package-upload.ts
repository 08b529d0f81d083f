import type { PackageValidation, ValidationIssue } from '@mlebotics/shared';
import type { UploadTask } from 'firebase/storage';
import { useState } from 'react';
import { announceUpload } from '../api/publish';
import { describeLoadFailure } from '../../../lib/load-failure';
import { errorText } from '../../../lib/functions';

export type Phase =
  | { kind: 'idle' }
  | { kind: 'checking'; file: File }
  | { kind: 'invalid'; file: File; errors: ValidationIssue[] }
  | { kind: 'uploading'; file: File; uploadId: string; task: UploadTask; progress: number; paused: boolean }
  | { kind: 'processing'; file: File; uploadId: string }
  | { kind: 'failed'; file: File; message: string };

/**
 * Publishing one package: checks it in the browser (the same validation the server runs), then
 * announces the upload and sends the file to Storage, resumable, following its progress. The
 * phase says where it stands; after the upload the pipeline goes on on the server.
 */
export function usePackageUpload(
  publisher: string | undefined,
  /** Upload a development build for this organization instead of publishing a version. */
  developmentOrgId?: string,
) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  async function choose(file: File) {
    if (!publisher) return;
    setPhase({ kind: 'checking', file });
    // The same validation the server runs, in the browser, before anything is uploaded.
    let result: PackageValidation;
    try {
      const { validatePackageBlob } = await import('@mlebotics/shared/browser');
      performance.mark('mle:prevalidate:start');
      result = await validatePackageBlob(file);
      performance.measure('mle:prevalidate', 'mle:prevalidate:start');
    } catch (error) {
      setPhase({ kind: 'failed', file, message: `Could not check the file: ${describeLoadFailure(error)}` });
      return;
    }
    if (!result.ok) {
      setPhase({ kind: 'invalid', file, errors: result.errors });
      return;
    }
    try {
      const intent = await announceUpload({
        publisherId: publisher,
        size: file.size,
        sha256: result.sha256!,
        fileName: file.name,
        ...(developmentOrgId ? { development: { orgId: developmentOrgId } } : {}),
      });
      const [{ ref, uploadBytesResumable }, { storageClient }] = await Promise.all([
        import('firebase/storage'),
        import('../../../lib/storage'),
      ]);
      performance.mark('mle:upload:start');
      const task = uploadBytesResumable(ref(storageClient(), intent.objectPath), file, {
        contentType: 'application/gzip',
      });
      setPhase({ kind: 'uploading', file, uploadId: intent.uploadId, task, progress: 0, paused: false });
      task.on(
        'state_changed',
        (snapshot) =>
          setPhase((p) =>
            p.kind === 'uploading'
              ? { ...p, progress: snapshot.bytesTransferred / snapshot.totalBytes, paused: snapshot.state === 'paused' }
              : p,
          ),
        (error) =>
          setPhase(
            error.code === 'storage/canceled'
              ? { kind: 'idle' }
              : {
                  kind: 'failed',
                  file,
                  message: `The upload of ${file.name} failed: ${error.message} Choose the file again to retry.`,
                },
          ),
        () => {
          performance.measure('mle:upload', 'mle:upload:start');
          setPhase({ kind: 'processing', file, uploadId: intent.uploadId });
        },
      );
    } catch (error) {
      setPhase({ kind: 'failed', file, message: errorText(error) });
    }
  }

  return { phase, choose };
}
