import { describe, expect, it } from 'vitest';
import { exampleFor } from './input-example';

describe('exampleFor', () => {
  it('makes an input of the step’s own shape', () => {
    expect(
      exampleFor({
        type: 'object',
        properties: {
          sensorId: { type: 'string' },
          threshold: { type: 'number', default: 20 },
          unit: { enum: ['celsius', 'fahrenheit'] },
          tags: { type: 'array', items: { type: 'string' } },
          notify: { type: 'boolean' },
        },
      }),
    ).toEqual({ sensorId: 'text', threshold: 20, unit: 'celsius', tags: ['text'], notify: false });
  });

  it('falls back to an empty object without a schema', () => {
    expect(exampleFor(undefined)).toEqual({});
    expect(exampleFor({})).toEqual({});
  });
});
