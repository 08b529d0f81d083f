import { describe, expect, it } from 'vitest';
import { checkFixtures } from './fixtures.js';

describe('checkFixtures', () => {
  it('accepts the documented shape and fills in what is left out', () => {
    expect(checkFixtures({})).toEqual({ fixtures: { sensors: {}, secrets: {} } });
    const value = {
      sensors: {
        'line-1-temp': { value: 70.7, unit: '°F', at: '2026-01-31T09:30:00Z' },
        door_open: { value: true },
        mode: { value: 'eco', at: '2026-01-31T09:30:00.250+01:00' },
      },
      secrets: { apiKey: 'k-1' },
    };
    expect(checkFixtures(value)).toEqual({ fixtures: value });
  });

  it('names every member that is wrong, and what it should be', () => {
    const checked = checkFixtures({
      sensor: {},
      sensors: {
        'bad id!': { value: 1 },
        a: { value: null, unit: 3, at: 'yesterday', extra: 1 },
        b: 5,
      },
      secrets: { '': 'x', key: 7 },
    });
    expect('problems' in checked && checked.problems).toEqual([
      '(top level): Unrecognized key: "sensor" (known: sensors, secrets)',
      'sensors.bad id!: a sensor id is 1–64 letters, digits, - and _',
      'sensors.a: Unrecognized key: "extra" (known: value, unit, at)',
      'sensors.a.value: expected a number, string or boolean, received null',
      'sensors.a.unit: expected a string, received number',
      'sensors.a.at: expected an ISO 8601 date and time with an offset, e.g. "2026-01-31T09:30:00Z"',
      'sensors.b: expected an object like {"value": 21.5, "unit": "°C"}, received number',
      'secrets: a secret name cannot be empty',
      'secrets.key: expected a string, received number',
    ]);
  });

  it('refuses a file that is not an object, and a date without an offset', () => {
    expect(checkFixtures([])).toEqual({ problems: ['(top level): expected an object, received array'] });
    expect(checkFixtures({ sensors: { t: { value: 1, at: '2026-01-31T09:30:00' } } })).toMatchObject({
      problems: [expect.stringContaining('sensors.t.at')],
    });
    expect(checkFixtures({ sensors: [] })).toEqual({ problems: ['sensors: expected an object, received array'] });
  });
});
