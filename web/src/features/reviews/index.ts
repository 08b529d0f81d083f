// Reviews of a plugin by verified installs: writing, voting, flagging, replying, moderating.
export { Reviews } from './components/Reviews';
