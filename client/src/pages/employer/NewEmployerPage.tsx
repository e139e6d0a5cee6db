import { useNavigate, useSearchParams } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import { safeNext } from '../account/safeNext';
import { EmployerForm } from './EmployerForm';

export function NewEmployerPage() {
  useTitle('New employer');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <section className="narrow">
      <h1>Create an employer</h1>
      <p className="lead">Gigs are posted by an employer. You become its owner and can add colleagues later.</p>
      <EmployerForm onCreated={(id) => navigate(params.get('next') ? safeNext(params.get('next')) : `/employers/${id}`)} />
    </section>
  );
}
