// ThermoSense: a sensor driver and a calibration step.
const DRIFT_PER_HOUR = 0.002;

export default {
  steps: {
    async calibrate(input) {
      const drift = (input.hoursSinceCalibration ?? 0) * DRIFT_PER_HOUR;
      return { temperatureC: Math.round((input.rawC + (input.offsetC ?? 0) - drift) * 100) / 100 };
    },
  },
  sensors: {
    async sht3x(raw) {
      // raw: { t: 16-bit reading, rh: 16-bit reading } as the SHT3x datasheet defines them.
      return { temperatureC: -45 + (175 * raw.t) / 65535, humidityPct: (100 * raw.rh) / 65535 };
    },
  },
};
