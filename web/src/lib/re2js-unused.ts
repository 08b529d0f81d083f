/**
 * Stands in for `re2js` in the browser bundle. The Firestore SDK imports it only to evaluate
 * regular-expression functions of Firestore *pipelines* on the client, which this app never
 * uses; the real library is 46 KB gzipped, a fifth of the first route's budget. Should anything
 * reach it, the SDK catches the error and reports an invalid pattern.
 */
export class RE2JS {
  static compile(): never {
    throw new Error('Regular-expression pipeline functions are not available in the MLEbotics console.');
  }
}
