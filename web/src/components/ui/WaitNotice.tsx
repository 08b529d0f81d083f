import { useEffect, useState } from 'react';
import { useWaits } from '../../lib/waits';

/** Human names of the operations a person waits for. */
const OPERATION: Record<string, string> = {
  install: 'Installing',
  uninstall: 'Uninstalling',
  updateInstall: 'Updating the install',
  createUpload: 'Starting the upload',
  createCheckout: 'Starting the checkout',
  runPluginStep: 'Running the step',
  openPanel: 'Opening the panel',
};

/**
 * Says that an action was slowed down by the marketplace's rate limits and when it goes on by
 * itself, counting down (the call retries on its own; nothing to click).
 */
export function WaitNotice() {
  const waits = useWaits();
  // Re-rendered twice a second while a wait runs; the time is read when rendering.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (waits.length === 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [waits.length]);
  if (waits.length === 0) return null;
  const wait = waits.reduce((a, b) => (a.until >= b.until ? a : b));
  // eslint-disable-next-line react-hooks/purity -- a countdown shows the time of its render
  const seconds = Math.max(0, Math.ceil((wait.until - Date.now()) / 1000));
  const what = OPERATION[wait.operation] ?? `The request (${wait.operation})`;
  return (
    <p className="connection-banner alert-warn" role="status" data-testid="rate-limit-wait">
      Too many requests in a short time. {what} goes on by itself in {seconds} s.
    </p>
  );
}
