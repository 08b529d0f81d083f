// ThermoSense: a sensor driver, a calibration step, and a step that reads a live sensor.
const DRIFT_PER_HOUR = 0.002;

export default {
  steps: {
    async calibrate(input) {
      const drift = (input.hoursSinceCalibration ?? 0) * DRIFT_PER_HOUR;
      return { temperatureC: Math.round((input.rawC + (input.offsetC ?? 0) - drift) * 100) / 100 };
    },
    // Reads { sensorId, value, unit, at } from the organization's sensors (sensors:read).
    async 'read-temperature'(input, ctx) {
      const reading = await ctx.sensors.read(input.sensorId);
      ctx.log(`${reading.sensorId}: ${reading.value} ${reading.unit ?? ''} at ${reading.at}`);
      if (typeof reading.value !== 'number') {
        throw new Error(
          `Sensor "${input.sensorId}" does not report a number (it reported ${JSON.stringify(reading.value)}).`,
        );
      }
      const celsius = reading.unit === '°F' ? ((reading.value - 32) * 5) / 9 : reading.value;
      return {
        sensorId: reading.sensorId,
        temperatureC: Math.round((celsius + (input.offsetC ?? 0)) * 100) / 100,
        readAt: reading.at,
      };
    },
  },
  sensors: {
    async sht3x(raw) {
      // raw: { t: 16-bit reading, rh: 16-bit reading } as the SHT3x datasheet defines them.
      return { temperatureC: -45 + (175 * raw.t) / 65535, humidityPct: (100 * raw.rh) / 65535 };
    },
  },
};
