// Pick and Place: plans waypoints above the pick and place points.
export default {
  steps: {
    async plan(input) {
      const clearance = input.clearanceM ?? 0.1;
      const above = ([x, y, z]) => [x, y, z + clearance];
      return {
        waypoints: [
          above(input.pick),
          input.pick,
          above(input.pick),
          above(input.place),
          input.place,
          above(input.place),
        ],
      };
    },
  },
};
