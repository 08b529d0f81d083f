import { ErrorNote, Loading } from '../../../components/ui/States';
import { useLiveQuery, type DocOf } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { ago, formatWhen } from './when';
import './runs.css';

type Command = DocOf<'actuatorCommand'> & { id: string };

/** The latest command of each actuator (the query is newest first), with how many were listed. */
function byActuator(commands: Command[]): Array<{ actuatorId: string; last: Command; count: number }> {
  const seen = new Map<string, { actuatorId: string; last: Command; count: number }>();
  for (const command of commands) {
    const entry = seen.get(command.actuatorId);
    if (entry) entry.count += 1;
    else seen.set(command.actuatorId, { actuatorId: command.actuatorId, last: command, count: 1 });
  }
  return [...seen.values()].sort((a, b) => a.actuatorId.localeCompare(b.actuatorId));
}

function Sensors({ orgId }: { orgId: string }) {
  const sensors = useLiveQuery(queries.sensors(orgId), `sensors:${orgId}`);
  if (sensors.status === 'loading') return <Loading label="Loading sensors…" />;
  if (sensors.status === 'error') return <ErrorNote message={sensors.error} />;
  if (sensors.status === 'unreachable')
    return <ErrorNote message="The sensors cannot be loaded: the marketplace is unreachable." />;
  if (sensors.data.length === 0) return <p className="muted">No sensors report to this organization yet.</p>;
  const rows = [...sensors.data].sort((a, b) => a.id.localeCompare(b.id));
  return (
    <div className="table-scroll">
      <table data-testid="sensors">
        <thead>
          <tr>
            <th scope="col">Sensor id</th>
            <th scope="col">Last reading</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} data-testid={`sensor-${s.id}`}>
              <td>
                <code>{s.id}</code>
              </td>
              <td>
                {String(s.value)}
                {s.unit ? ` ${s.unit}` : ''}
              </td>
              <td title={formatWhen(s.at)}>{ago(s.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Actuators({ orgId }: { orgId: string }) {
  const commands = useLiveQuery(queries.actuatorCommands(orgId), `actuatorCommands:${orgId}`);
  if (commands.status === 'loading') return <Loading label="Loading actuators…" />;
  if (commands.status === 'error') return <ErrorNote message={commands.error} />;
  if (commands.status === 'unreachable')
    return <ErrorNote message="The actuators cannot be loaded: the marketplace is unreachable." />;
  if (commands.data.length === 0)
    return <p className="muted">No plugin has commanded an actuator of this organization yet.</p>;
  return (
    <div className="table-scroll">
      <table data-testid="actuators">
        <thead>
          <tr>
            <th scope="col">Actuator id</th>
            <th scope="col">Last command</th>
            <th scope="col">From</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {byActuator(commands.data).map(({ actuatorId, last, count }) => (
            <tr key={actuatorId} data-testid={`actuator-${actuatorId}`}>
              <td>
                <code>{actuatorId}</code>
              </td>
              <td>
                <code>{last.command}</code> <span className="muted">({last.status})</span>
                {count > 1 && <span className="muted"> · {count} recent commands</span>}
              </td>
              <td>
                {last.pluginId} <span className="muted">({last.via})</span>
              </td>
              <td title={formatWhen(last.at)}>{ago(last.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The organization's devices as plugins reach them: its sensors (the ids `ctx.sensors.read`
 * takes, with their latest readings) and its actuators (from the commands plugins queued).
 */
export function Devices({ orgId }: { orgId: string }) {
  return (
    <section className="panel devices" data-testid="devices" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <p className="muted">
        Plugins with <code>sensors:read</code> read these sensors by id (<code>ctx.sensors.read(&quot;id&quot;)</code>);
        plugins with <code>actuators:command</code> queue commands for the actuators.
      </p>
      <h3>Sensors</h3>
      <Sensors orgId={orgId} />
      <h3>Actuators</h3>
      <Actuators orgId={orgId} />
    </section>
  );
}
