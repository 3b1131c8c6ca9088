/** The title block at the top of each view: h1, one-line purpose, actions on the right. */
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }): React.JSX.Element {
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1 id="page-title">{title}</h1>
        {subtitle && <p className="page-header-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-header-actions">{actions}</div>}
    </header>
  );
}

/** The standard page container of a view. `fill` makes it take the window's height (grids). */
export function Page({ children, fill, testId }: { children: ReactNode; fill?: boolean; testId?: string }): React.JSX.Element {
  return <div className={fill ? 'page page-fill' : 'page'} data-testid={testId}>{children}</div>;
}

/** A titled white card. */
export function Card({ title, actions, children, tight, className, headingLevel = 2, testId }: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  tight?: boolean;
  className?: string;
  headingLevel?: 2 | 3;
  testId?: string;
}): React.JSX.Element {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId}>
      {(title || actions) && (
        <div className="card-header">
          {title && <Heading>{title}</Heading>}
          {actions && <div className="card-header-actions">{actions}</div>}
        </div>
      )}
      <div className={tight ? 'card-body-tight' : 'card-body'}>{children}</div>
    </section>
  );
}
