import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function HabitsPage() {
  return (
    <section className="page">
      <PageHeader title="Habits" />
      <EmptyState icon="🔁" title="No habits yet">
        Create a habit, log it each day and watch your streak grow.
      </EmptyState>
    </section>
  );
}
