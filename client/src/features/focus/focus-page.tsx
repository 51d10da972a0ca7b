import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function FocusPage() {
  return (
    <section className="page">
      <PageHeader title="Focus" />
      <EmptyState icon="⏱️" title="No focus sessions yet">
        A 25-minute focus block earns knowledge XP. Breaks keep you fresh.
      </EmptyState>
    </section>
  );
}
