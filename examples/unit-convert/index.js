// Unit Convert: one automation step, no permissions.
const LENGTH = { mm: 0.001, cm: 0.01, m: 1, km: 1000, in: 0.0254, ft: 0.3048 };
const SPEED = { mps: 1, kph: 1 / 3.6, mph: 0.44704 };
const toKelvin = { c: (v) => v + 273.15, f: (v) => ((v - 32) * 5) / 9 + 273.15, k: (v) => v };
const fromKelvin = { c: (v) => v - 273.15, f: (v) => ((v - 273.15) * 9) / 5 + 32, k: (v) => v };

function convert(value, from, to) {
  if (from in LENGTH && to in LENGTH) return (value * LENGTH[from]) / LENGTH[to];
  if (from in SPEED && to in SPEED) return (value * SPEED[from]) / SPEED[to];
  if (from in toKelvin && to in fromKelvin) return fromKelvin[to](toKelvin[from](value));
  throw new Error(`Cannot convert ${from} to ${to}: different quantities.`);
}

export default {
  steps: {
    async convert(input, ctx) {
      const value = convert(input.value, input.from, input.to);
      ctx.log(`${input.value} ${input.from} = ${value} ${input.to}`);
      return { value: Math.round(value * 1e6) / 1e6, unit: input.to };
    },
  },
};
