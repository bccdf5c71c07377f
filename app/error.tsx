'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="status-page" role="alert">
      <h1 className="page-title">Something went wrong</h1>
      <p>The page could not be shown. Nothing you did was lost.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
