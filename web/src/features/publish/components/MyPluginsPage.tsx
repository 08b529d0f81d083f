import { useSession } from '../../../app/session';
import { EmptyState, Loading } from '../../../components/ui/States';
import { CreatePublisherForm } from './CreatePublisherForm';
import { PublisherSection } from './PublisherSection';
import { useTitle } from '../../../hooks/use-title';

/** "My plugins": the caller's publishers, their plugins and versions, and their settings. */
export function MyPluginsPage() {
  useTitle('My plugins');
  const { session } = useSession();
  if (!session) return <Loading />;
  return (
    <section>
      <h1>My plugins</h1>
      {session.publishers.length === 0 && <EmptyState title="You publish under a publisher: create yours" />}
      {session.publishers.map((p) => (
        <PublisherSection
          key={p.id}
          publisherId={p.id}
          displayName={p.displayName}
          role={p.role}
          verified={p.verified}
        />
      ))}
      <CreatePublisherForm />
    </section>
  );
}
