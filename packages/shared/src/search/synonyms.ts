/**
 * The curated synonym table of catalogue search. Each group lists words that mean the same to
 * someone looking for a plugin; a query word in a group also finds listings that use any other
 * word of the group (ranked a little below a literal match). The table lives in code on
 * purpose: publishers cannot add to it, so no listing can make itself match unrelated queries.
 * Words are lowercase and singular (queries are stemmed before the lookup).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['temperature', 'thermo', 'thermometer', 'thermal', 'heat'],
  ['humidity', 'moisture', 'hygrometer'],
  ['notify', 'notification', 'alert', 'alarm', 'notifier'],
  ['dashboard', 'panel', 'widget'],
  ['chart', 'graph', 'plot'],
  ['camera', 'cam', 'webcam'],
  ['vision', 'image', 'imaging'],
  ['lidar', 'laser'],
  ['gps', 'gnss'],
  ['navigation', 'nav', 'pathfinding', 'routing'],
  ['map', 'mapping', 'slam'],
  ['motor', 'servo', 'stepper'],
  ['gripper', 'grabber', 'claw'],
  ['arm', 'manipulator'],
  ['conveyor', 'belt'],
  ['battery', 'power', 'charge'],
  ['log', 'logger', 'logging', 'recorder'],
  ['monitor', 'monitoring', 'watch', 'watchdog'],
  ['weather', 'forecast', 'meteo'],
  ['email', 'mail', 'smtp'],
  ['chat', 'messaging', 'message'],
  ['schedule', 'scheduler', 'timer', 'cron'],
  ['emergency', 'estop', 'kill'],
  ['distance', 'range', 'proximity'],
  ['speed', 'velocity'],
  ['export', 'download'],
  ['import', 'upload'],
  ['analytic', 'analysis', 'statistic', 'stat'],
  ['anomaly', 'outlier'],
  ['inventory', 'stock', 'warehouse'],
  ['barcode', 'qr', 'scanner'],
  ['calibrate', 'calibration'],
  ['test', 'testing', 'simulator', 'simulation'],
];

const GROUP_OF: ReadonlyMap<string, readonly string[]> = new Map(
  SYNONYM_GROUPS.flatMap((group) => group.map((word) => [word, group] as const)),
);

/** Every word of the table (for typo-tolerant lookups of a misspelt synonym). */
export const SYNONYM_WORDS: readonly string[] = [...GROUP_OF.keys()];

/** The other words of `word`'s group, or an empty list when the table does not know it. */
export function synonymsOf(word: string): string[] {
  const group = GROUP_OF.get(word);
  return group ? group.filter((other) => other !== word) : [];
}
