// Small pieces every page uses: the error next to what caused it, progress, the busy state of a button.
import type { ComponentChildren } from 'preact';

/** The server's message, read out when it appears. */
export function ErrorText({ error, id }: { error?: string | undefined; id?: string }) {
  return error ? (
    <p class="error" role="alert" id={id}>
      {error}
    </p>
  ) : null;
}

/** A long action under way: an indeterminate bar (or a measured one) with what is happening. */
export function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <div class="progress" role="status">
      <progress aria-label={label} {...(value === undefined ? {} : { value, max: 1 })} />
      <span>{value === undefined ? label : `${label} ${Math.round(value * 100)}%`}</span>
    </div>
  );
}

export function Card({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-label={title}>
      <header class="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A wide table that scrolls sideways on a phone and can be scrolled from the keyboard. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
