import { parseBridgeRequest, type OpenPanelOutput, type PanelMethod } from '@mlebotics/shared';
import { useEffect, useRef, useState } from 'react';
import { ErrorState, Loading } from '../../../components/ui/States';
import { callPanelBridge, openPluginPanel } from '../api/orgs';

/**
 * A plugin's UI panel: served from the panel origin (another site), framed with
 * `sandbox="allow-scripts"` and no same-origin, so it cannot touch the console, its cookies or
 * storage. It talks to the console only through postMessage: requests from this frame's window
 * are validated (parseBridgeRequest, shared with the CLI's local panel host), checked against the methods the org's grants allow, and forwarded to the
 * server, which checks the grant again and audits the call.
 */
export function PanelFrame({
  orgId,
  pluginId,
  panelId,
  title,
}: {
  orgId: string;
  pluginId: string;
  panelId: string;
  title: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [session, setSession] = useState<OpenPanelOutput>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    openPluginPanel({ orgId, pluginId, panelId }).then(
      (s) => !cancelled && setSession(s),
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [orgId, pluginId, panelId]);

  useEffect(() => {
    if (!session) return;
    const allowed = new Set<string>(session.methods);
    const token = session.session;
    function onMessage(event: MessageEvent) {
      const target = frame.current?.contentWindow;
      // Only this frame, and only as the opaque origin a sandboxed frame has.
      if (!target || event.source !== target || event.origin !== 'null') return;
      const request = parseBridgeRequest(event.data);
      if (!request) return;
      const reply = (body: { result?: unknown; error?: string }) =>
        target.postMessage({ mlebotics: 1, id: request.id, ...body }, '*');
      if (!allowed.has(request.method)) {
        reply({ error: `${request.method} is not allowed: the organization did not grant the permission it needs.` });
        return;
      }
      callPanelBridge({
        orgId,
        pluginId,
        session: token,
        method: request.method as PanelMethod,
        params: request.params,
      }).then(
        ({ result }) => reply({ result }),
        (e: Error) => reply({ error: e.message }),
      );
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [session, orgId, pluginId]);

  if (error) return <ErrorState message={error} />;
  if (!session) return <Loading label="Opening the panel…" />;
  return (
    <iframe
      ref={frame}
      title={title}
      src={session.url}
      sandbox="allow-scripts"
      referrerPolicy="no-referrer"
      style={{ width: '100%', height: session.height, border: '1px solid var(--border, #d0d5dd)', borderRadius: 8 }}
      data-testid={`panel-${pluginId}-${panelId}`}
    />
  );
}
