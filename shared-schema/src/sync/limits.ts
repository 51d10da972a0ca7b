/** Protocol constants without zod, so the client bundle can import them cheaply. */
export const PROTOCOL_VERSION = 1;
export const MAX_PUSH_CHANGES = 1000;
export const MAX_PUSH_EVENTS = 1000;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;
