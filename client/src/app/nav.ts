import { BookOpen, CalendarDays, Dumbbell, GraduationCap, Headphones, Library, Map, MessageSquare, Repeat, Settings, Shield, ShoppingBag, Sun, Target, Timer, TrendingUp, type LucideIcon } from 'lucide-react';

/** Every area of the app, in navigation order. `primary` ones sit in the phone's bottom bar. */
export interface NavItem {
  path: string;
  label: string;
  /** An SVG icon (lucide): emoji render differently on every platform, or not at all without an emoji font. */
  icon: LucideIcon;
  primary?: boolean;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'Today', icon: Sun, primary: true },
  { path: '/focus', label: 'Focus', icon: Timer, primary: true },
  { path: '/planner', label: 'Planner', icon: CalendarDays },
  { path: '/quests', label: 'Quests', icon: Map, primary: true },
  { path: '/habits', label: 'Habits', icon: Repeat },
  { path: '/goals', label: 'Goals', icon: Target },
  { path: '/exercise', label: 'Exercise', icon: Dumbbell, primary: true },
  { path: '/learn', label: 'Learn', icon: GraduationCap },
  { path: '/books', label: 'Books', icon: BookOpen },
  { path: '/tracks', label: 'Tracks', icon: Headphones },
  { path: '/infobase', label: 'Infobase', icon: Library },
  { path: '/market', label: 'Market', icon: ShoppingBag },
  { path: '/progress', label: 'Progress', icon: TrendingUp },
  { path: '/settings', label: 'Settings', icon: Settings },
  { path: '/feedback', label: 'Feedback', icon: MessageSquare },
  { path: '/admin', label: 'Admin', icon: Shield, adminOnly: true },
];
