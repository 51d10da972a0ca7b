import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function MarketPage() {
  return (
    <section className="page">
      <PageHeader title="Market" />
      <EmptyState icon="🛒" title="The market is empty">
        Spend the coins you earn on rewards you choose.
      </EmptyState>
    </section>
  );
}
