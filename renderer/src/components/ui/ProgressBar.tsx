/** A labelled progress bar: determinate when `fraction` is known (0..1), else indeterminate. */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }): React.JSX.Element {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={percent === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(percent === null ? {} : { 'aria-valuenow': percent })}
    >
      <div className="progress-bar" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
