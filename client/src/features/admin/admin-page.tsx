import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function AdminPage() {
  return (
    <section className="page">
      <PageHeader title="Admin" />
      <EmptyState icon="🛡️" title="Admins only">
        Manage users, quests, feedback and backups.
      </EmptyState>
    </section>
  );
}
