/** Labelled native controls (select, text input): the label is always tied to the control. */
import { useId, type ReactNode } from 'react';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** First option with an empty value ("Tous", "Automatique"…). */
  emptyLabel?: string;
  hint?: ReactNode;
  disabled?: boolean;
  /** Label visually hidden (still read by screen readers). */
  hideLabel?: boolean;
  size?: 'sm' | 'md';
  className?: string;
  testId?: string;
}

export function SelectField({ label, value, options, onChange, emptyLabel, hint, disabled, hideLabel, size = 'md', className, testId }: SelectFieldProps): React.JSX.Element {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</label>
      <select
        id={id}
        className={size === 'sm' ? 'select select-sm' : 'select'}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
}

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'search' | 'number';
  hideLabel?: boolean;
  className?: string;
  testId?: string;
}

export function TextField({ label, value, onChange, placeholder, type = 'text', hideLabel, className, testId }: TextFieldProps): React.JSX.Element {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</label>
      <input id={id} className="input" type={type} value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} data-testid={testId} />
    </div>
  );
}
