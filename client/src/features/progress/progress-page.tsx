import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function ProgressPage() {
  return (
    <section className="page">
      <PageHeader title="Progress" />
      <EmptyState icon="📈" title="No progress yet">
        Your level, skills and streaks grow as you complete things.
      </EmptyState>
    </section>
  );
}
