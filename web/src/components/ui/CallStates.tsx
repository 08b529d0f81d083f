import type { CallData } from '../../hooks/use-call-data';
import { ErrorState, Loading, Unreachable } from './States';

/** What a view of a callable's answer shows while its callable answer is not ready: loading, the outage, or the refusal. */
export function CallStates({ state, what }: { state: CallData<unknown>; what: string }) {
  if (state.status === 'loading') return <Loading label={`Loading ${what.charAt(0).toLowerCase()}${what.slice(1)}…`} />;
  if (state.status === 'unreachable') return <Unreachable what={what} />;
  if (state.status === 'error') return <ErrorState title={`${what} could not be loaded`} message={state.error} />;
  return null;
}
