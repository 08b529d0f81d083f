// Invitations to the signed-in email address: accept (with a verified address) or decline.
export { InvitationsPage } from './components/InvitationsPage';
