/**
 * Search fixtures: a deterministic generator of realistic synthetic listings (the 50,000
 * distractors of the search benchmark), ~30 hand-written demo listings, and a labelled query
 * set (what people type, misspelt, partial, in synonyms) with the plugin each one is after.
 * Listings have the search engine's document shape (functions/src/search), free of Firestore.
 */
import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  type PermissionFlag,
  type SearchDocument,
} from '@mlebotics/shared';

/** A listing as the search engine indexes it. */
export type SyntheticListing = SearchDocument;

/** The instant the fixtures are "now" (recency is measured from it). */
export const FIXTURE_NOW_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

/** A listing with sensible defaults, for tests that need one with a few fields set. */
export function listingFixture(overrides: Partial<SyntheticListing> & { id: string }): SyntheticListing {
  return {
    name: overrides.id,
    summary: '',
    publisherId: overrides.id.split('.')[0] ?? 'acme',
    publisherName: 'Acme',
    publisherVerified: false,
    keywords: [],
    categories: ['other'],
    capabilityTypes: ['automation-step'],
    permissionFlags: ['none'],
    priceClass: 'free',
    rating: { count: 0, average: 0 },
    installCount: 0,
    updatedAtMs: FIXTURE_NOW_MS - 30 * DAY_MS,
    deprecated: false,
    ...overrides,
  };
}

/** mulberry32: a small, fast, seedable generator (the same listings on every run). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = (
  'Conveyor Gripper Lidar Camera Battery Motor Arm Wheel Sonar Imu Joint Pallet Forklift Drone Rover Valve Pump ' +
  'Fan Door Light Torque Encoder Relay Bumper Dock Fleet Tray Spindle Nozzle Welder Axis Shuttle Cart Hoist Crane ' +
  'Sorter Feeder Press Lathe Router Mixer Scale Tag Beacon Radar Laser Pose Odometry Cell'
).split(' ');
const ROLES = (
  'Mover Driver Tracker Controller Bridge Planner Reader Tuner Logger Viewer Monitor Guard Scheduler Counter ' +
  'Inspector Checker Sync Adapter Toolkit Helper Estimator Optimizer Simulator Recorder Balancer Profiler'
).split(' ');
const QUALIFIERS = ['', '', '', 'Smart', 'Pro', 'Lite', 'Mini', 'Auto', 'Rapid', 'Open', 'Edge', 'Nano', 'Flex'];
const VERBS = ['tracks', 'reports', 'tunes', 'checks', 'streams', 'schedules', 'balances', 'records', 'watches'];
const PLACES = ['on the factory floor', 'across the fleet', 'in every cell', 'at the loading dock', 'on each shift'];
const THINGS = ['alerts', 'readings', 'events', 'status', 'temperature data', 'throughput', 'faults', 'metrics'];
const PUBLISHER_WORDS = 'acme nova robo axis ion orbit delta vector kinetic atlas forge pixel volt apex quanta'.split(
  ' ',
);

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function some<T>(rng: () => number, items: readonly T[], max: number): T[] {
  const count = 1 + Math.floor(rng() * max);
  return [...new Set(Array.from({ length: count }, () => pick(rng, items)))];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `count` synthetic listings, the same for the same seed. */
export function syntheticListings(count: number, seed = 17): SyntheticListing[] {
  const rng = random(seed);
  const publishers = Array.from({ length: 400 }, (_, i) => {
    const name = `${pick(rng, PUBLISHER_WORDS)} ${pick(rng, PUBLISHER_WORDS)} ${i}`;
    return { id: slug(name), name: name.replace(/\b\w/g, (c) => c.toUpperCase()), verified: rng() < 0.2 };
  });
  const permissions = PERMISSION_FLAGS.filter((flag) => flag !== 'none');
  return Array.from({ length: count }, (_, i) => {
    const publisher = pick(rng, publishers);
    const subject = pick(rng, SUBJECTS);
    const role = pick(rng, ROLES);
    const name = [pick(rng, QUALIFIERS), subject, role].filter(Boolean).join(' ');
    const ratingCount = rng() < 0.4 ? 0 : Math.floor(rng() ** 3 * 400);
    const granted: PermissionFlag[] = rng() < 0.25 ? ['none'] : some(rng, permissions, 3);
    return listingFixture({
      id: `${publisher.id}.${slug(name)}-${i.toString(36)}`,
      name,
      summary: `${subject} ${role.toLowerCase()} that ${pick(rng, VERBS)} ${pick(rng, THINGS)} ${pick(rng, PLACES)}.`,
      publisherId: publisher.id,
      publisherName: publisher.name,
      publisherVerified: publisher.verified,
      keywords: some(rng, [subject, role, ...SUBJECTS.slice(0, 12)], 4).map((k) => k.toLowerCase()),
      categories: some(rng, CATEGORIES, 2),
      capabilityTypes: some(rng, CAPABILITY_TYPE_NAMES, 2),
      permissionFlags: granted,
      priceClass: rng() < 0.15 ? 'paid' : 'free',
      rating: { count: ratingCount, average: ratingCount ? Math.round((1 + rng() * 4) * 10) / 10 : 0 },
      installCount: Math.floor(10 ** (rng() * 5)),
      updatedAtMs: FIXTURE_NOW_MS - Math.floor(rng() * 1000) * DAY_MS,
      deprecated: rng() < 0.03,
      readmeHeadings: ['Installation', 'Configuration', `Using ${name}`],
    });
  });
}

/** slug | name | summary | keywords | category (one demo listing a line). */
const DEMO_TABLE = `
temperature-logger | Temperature Logger | Logs thermocouple and RTD readings with min/max alarms. | temperature sensor logging | sensors
slack-notifier | Slack Notifier | Posts robot alerts and step results to Slack channels. | slack chat notifications | integrations
fleet-dashboard | Fleet Dashboard | A live panel of every robot: status, battery, current job. | dashboard fleet status | ui
pick-and-place | Pick & Place Planner | Grasp and trajectory planning for pick-and-place cells. | pick place grasp arm | automation
weather-station | Weather Station | Wind, rain and pressure from outdoor weather stations. | weather wind rain | sensors
lidar-mapper | Lidar Mapper | Builds 2D occupancy maps from lidar scans while the robot drives. | lidar slam mapping | navigation
barcode-reader | Barcode Reader | Reads 1D barcodes and QR codes from any camera stream. | barcode qr scanner | vision
battery-health | Battery Health | State of charge, cycle count and cell balance for robot packs. | battery charge cells | monitoring
estop-guardian | E-Stop Guardian | Supervises the emergency stop chain and reports trips. | emergency stop estop safety | safety
hygro-sense | Hygro Sense | Driver for capacitive humidity sensors. | humidity sensor | sensors
teams-alerts | Teams Alerts | Sends notifications to Microsoft Teams channels. | teams microsoft notifications | integrations
email-reporter | Email Reporter | Mails a shift report with charts over SMTP. | email report smtp | integrations
vibration-anomaly | Vibration Anomaly Detector | Spots bearing wear from accelerometer spectra. | vibration anomaly bearing | analytics
belt-tracker | Conveyor Belt Tracker | Follows parts along conveyor belts with encoder ticks. | conveyor belt tracking | automation
opcua-bridge | OPC UA Bridge | Reads and writes OPC UA nodes on PLCs. | opcua opc plc | integrations
modbus-gateway | Modbus Gateway | Modbus TCP and RTU registers as sensor values. | modbus plc registers | integrations
ros2-bridge | ROS 2 Bridge | Topics and services between ROS 2 and the robot platform. | ros2 ros topics | developer-tools
thermal-camera | Thermal Camera Viewer | Infrared camera frames with hot-spot detection. | thermal infrared camera | vision
gnss-tracker | GNSS Tracker | Position and route tracking from GNSS receivers. | gnss tracking position | navigation
mqtt-connector | MQTT Connector | Publishes robot telemetry to an MQTT broker. | mqtt telemetry broker | integrations
path-planner | Path Planner | Collision-free paths around obstacles for mobile robots. | path planning obstacles | navigation
grafana-exporter | Grafana Exporter | Exports metrics to Grafana dashboards. | grafana metrics export | analytics
servo-tuner | Servo Tuner | Automatic PID tuning for servo drives. | servo pid tuning | actuators
gripper-calibrator | Gripper Calibrator | Calibrates finger force and stroke of grippers. | gripper calibration force | actuators
inventory-counter | Inventory Counter | Counts bins and pallets in the warehouse. | inventory warehouse bins | automation
voice-commands | Voice Commands | Speech commands for operators: start, stop, home. | voice speech commands | ui
air-quality | Air Quality Monitor | CO2, VOC and particulate levels in the cell. | air quality co2 voc | monitoring
predictive-maintenance | Predictive Maintenance | Predicts failures from run hours and fault history. | maintenance prediction | analytics
sim-playground | Simulation Playground | Try flows against a simulated robot before going live. | simulator testing sandbox | developer-tools
speed-governor | Speed Governor | Caps robot speed near people and in marked zones. | speed limit zones | safety
temperature-logger-classic | Temperature Logger Classic | The first temperature logger (deprecated). | temperature sensor logging | sensors
`;

/** The rows of a `|`-separated table, cells trimmed. */
function rows(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()));
}

/** The hand-written demo listings, by the demo publisher (verified) and well used. */
export const DEMO_LISTINGS: SyntheticListing[] = rows(DEMO_TABLE).map(
  ([id = '', name, summary, keywords = '', category = 'other'], i) =>
    listingFixture({
      id: `mlebotics.${id}`,
      name,
      summary,
      publisherId: 'mlebotics',
      publisherName: 'MLEbotics',
      publisherVerified: true,
      keywords: keywords.split(' '),
      categories: [category],
      rating: { count: 20 + i * 3, average: 4.2 },
      installCount: 500 + i * 50,
      updatedAtMs: FIXTURE_NOW_MS - (10 + i) * DAY_MS,
      readmeHeadings: ['Installation', 'Usage'],
      deprecated: id.endsWith('-classic'),
    }),
);

/** A query people type | the slug of the demo plugin it is after (`mlebotics.<slug>`). */
const QUERY_TABLE = `
temprature | temperature-logger
temperature log | temperature-logger
thermometer logging | temperature-logger
tempera | temperature-logger
slak | slack-notifier
slack alerts | slack-notifier
notify slack | slack-notifier
dashbord | fleet-dashboard
fleet status panel | fleet-dashboard
pick plase | pick-and-place
pick & place | pick-and-place
place pick planner | pick-and-place
wether | weather-station
weather forcast | weather-station
lidar slam | lidar-mapper
lidar maps | lidar-mapper
barcod | barcode-reader
qr code scanner | barcode-reader
estop | estop-guardian
emergancy stop | estop-guardian
humidty sensor | hygro-sense
moisture sensors | hygro-sense
teams notification | teams-alerts
emial report | email-reporter
smtp | email-reporter
vibraton anomaly | vibration-anomaly
outlier detector | vibration-anomaly
conveyer belt tracker | belt-tracker
opc ua | opcua-bridge
modbos | modbus-gateway
ros2 | ros2-bridge
thermal cam | thermal-camera
gps tracking | gnss-tracker
mqtt | mqtt-connector
path planing | path-planner
grafana | grafana-exporter
motor tuning | servo-tuner
claw calibration | gripper-calibrator
warehouse inventory | inventory-counter
speach commands | voice-commands
air qualty | air-quality
co2 monitor | air-quality
maintenence | predictive-maintenance
simulator | sim-playground
velocity limit | speed-governor
battery helth | battery-health
`;

export interface LabelledQuery {
  query: string;
  /** The plugin the person is looking for: it should be among the first three hits. */
  intendedId: string;
}

export const LABELLED_QUERIES: LabelledQuery[] = rows(QUERY_TABLE).map(([query = '', slug]) => ({
  query,
  intendedId: `mlebotics.${slug}`,
}));
