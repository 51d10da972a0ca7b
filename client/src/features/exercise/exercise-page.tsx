import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function ExercisePage() {
  return (
    <section className="page">
      <PageHeader title="Exercise" />
      <EmptyState icon="🏋️" title="No workouts yet">
        Build a workout template or start an empty session and log your sets — it works with no signal.
      </EmptyState>
    </section>
  );
}
