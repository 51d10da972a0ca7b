import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function GoalsPage() {
  return (
    <section className="page">
      <PageHeader title="Goals" />
      <EmptyState icon="🎯" title="No goals yet">
        Set a long-term goal and break it into milestones.
      </EmptyState>
    </section>
  );
}
