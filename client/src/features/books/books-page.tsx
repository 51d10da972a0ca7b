import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';

export default function BooksPage() {
  return (
    <section className="page">
      <PageHeader title="Books" />
      <EmptyState icon="📖" title="No books yet">
        Add a book you are reading and log your reading sessions.
      </EmptyState>
    </section>
  );
}
