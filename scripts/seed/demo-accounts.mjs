// The demo accounts, organization and publisher that `npm start` seeds (also in the README).

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_USERS = {
  orgAdmin: { email: 'ada@acme.example', displayName: 'Ada', role: 'owner of the Acme Robotics organization' },
  operator: { email: 'otto@acme.example', displayName: 'Otto', role: 'operator in Acme Robotics' },
  developer: {
    email: 'dev@botworks.example',
    displayName: 'Devi',
    role: 'plugin developer, owner of the Botworks publisher',
  },
  marketplaceAdmin: {
    email: 'mod@mlebotics.example',
    displayName: 'Mo',
    role: 'marketplace administrator (moderation, verification)',
  },
};

export const DEMO_ORG = { id: 'acme-robotics', name: 'Acme Robotics' };
export const DEMO_PUBLISHER = { id: 'botworks', displayName: 'Botworks' };
