import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="status-page">
      <h1 className="page-title">Not found</h1>
      <p>There is nothing here, or it is not shared with you.</p>
      <Link className="button" href="/">
        Back to the gallery
      </Link>
    </section>
  );
}
