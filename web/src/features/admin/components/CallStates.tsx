import { ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import type { CallData } from '../hooks/use-call-data';

/** What a tab shows while its callable answer is not ready: loading, the outage, or the refusal. */
export function CallStates({ state, what }: { state: CallData<unknown>; what: string }) {
  if (state.status === 'loading') return <Loading label={`Loading ${what.toLowerCase()}…`} />;
  if (state.status === 'unreachable') return <Unreachable what={what} />;
  if (state.status === 'error') return <ErrorState title={`${what} could not be loaded`} message={state.error} />;
  return null;
}
