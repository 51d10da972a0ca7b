/** Every area of the app, in navigation order. `primary` ones sit in the phone's bottom bar. */
export interface NavItem {
  path: string;
  label: string;
  icon: string;
  primary?: boolean;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'Today', icon: '☀️', primary: true },
  { path: '/focus', label: 'Focus', icon: '⏱️', primary: true },
  { path: '/planner', label: 'Planner', icon: '📅' },
  { path: '/quests', label: 'Quests', icon: '🗺️', primary: true },
  { path: '/habits', label: 'Habits', icon: '🔁' },
  { path: '/goals', label: 'Goals', icon: '🎯' },
  { path: '/exercise', label: 'Exercise', icon: '🏋️', primary: true },
  { path: '/learn', label: 'Learn', icon: '📚' },
  { path: '/books', label: 'Books', icon: '📖' },
  { path: '/tracks', label: 'Tracks', icon: '🎧' },
  { path: '/market', label: 'Market', icon: '🛒' },
  { path: '/progress', label: 'Progress', icon: '📈' },
  { path: '/settings', label: 'Settings', icon: '⚙️' },
  { path: '/feedback', label: 'Feedback', icon: '💬' },
  { path: '/admin', label: 'Admin', icon: '🛡️', adminOnly: true },
];
