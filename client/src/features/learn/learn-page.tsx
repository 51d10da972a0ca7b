import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function LearnPage() {
  return (
    <section className="page">
      <PageHeader title="Learn" />
      <EmptyState icon="📚" title="Nothing to learn yet">
        Courses, flashcards and your journal live here.
      </EmptyState>
    </section>
  );
}
