import type { ReactNode } from 'react';

/**
 * The foot of every edit form: the error line (announced to screen readers), the submit button
 * and Cancel (left out when there is nothing to cancel), then anything else of the row.
 */
export function FormFooter({ error, submitLabel, onCancel, busy, children }: { error?: string | null; submitLabel: ReactNode; onCancel?: () => void; busy?: boolean; children?: ReactNode }) {
  return (
    <>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button className="btn" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {children}
      </div>
    </>
  );
}
