// Slack Notify: posts a message to the webhook kept in the organization's secrets.
export default {
  steps: {
    async post(input, ctx) {
      const url = await ctx.secrets.read('SLACK_WEBHOOK_URL');
      const response = await ctx.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: input.text }),
      });
      return { posted: response.ok };
    },
  },
};
