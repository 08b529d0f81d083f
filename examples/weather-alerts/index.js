// Weather Alerts: decides whether outdoor robots should dock.
const MAX_WIND_KPH = 45;
const MAX_RAIN_MM = 8;

export default {
  steps: {
    async 'should-dock'(input) {
      if (input.windKph > MAX_WIND_KPH) return { dock: true, reason: `wind ${input.windKph} km/h` };
      if (input.rainMm > MAX_RAIN_MM) return { dock: true, reason: `rain ${input.rainMm} mm` };
      return { dock: false };
    },
  },
};
