// The marketplace administrators' console (/admin).
export { AdminPage } from './components/AdminPage';
