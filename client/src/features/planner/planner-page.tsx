import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function PlannerPage() {
  return (
    <section className="page">
      <PageHeader title="Planner" />
      <EmptyState icon="📅" title="Your calendar is empty">
        Plan meetings, workouts and focus blocks; completing them earns proficiency XP.
      </EmptyState>
    </section>
  );
}
