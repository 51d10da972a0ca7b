import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function QuestsPage() {
  return (
    <section className="page">
      <PageHeader title="Quests" />
      <EmptyState icon="🗺️" title="No quests yet">
        Daily and weekly quests appear here once they sync; you can also make your own.
      </EmptyState>
    </section>
  );
}
