import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function TodayPage() {
  return (
    <section className="page">
      <PageHeader title="Today" />
      <EmptyState icon="☀️" title="Nothing planned yet">
        Start a focus session, log a workout or pick a quest — everything you do here earns XP and coins.
      </EmptyState>
    </section>
  );
}
