/** Search: the command palette (Ctrl/Cmd+K) over the person's own things, screens and actions. */
export { SearchTrigger } from './search-trigger.tsx';
