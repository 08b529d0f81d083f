// Every browser test fails on an uncaught page error or an unexpected console error of any page
// it opened (pages declare the console errors they provoke on purpose: see newPage).
import { drainPageErrors } from '@mlebotics/testing';
import { afterEach } from 'vitest';

afterEach(() => {
  const errors = drainPageErrors();
  if (errors.length > 0) throw new Error(`The page reported ${errors.length} error(s):\n${errors.join('\n')}`);
});
