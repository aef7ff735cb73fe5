// What config validation returns: Talos' error and warning texts in Talos' order, each with the
// field it concerns (so `talsim lint` can point at a line), and the exact text a node would
// answer with. Validation never throws: a config can have many problems at once.
import { formatErrorList, wrapErrorList } from './multierror-format.ts';

export interface ValidationIssue {
  /** Talos' text for the problem. */
  message: string;
  /** Dotted path of the field concerned ('' for the whole document). */
  path: string;
}

export interface ValidationResult {
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

/** Collects issues in order; `nested` wraps a sub-list the way Talos wraps a multierror. */
export class IssueList {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warning(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** One error whose text is `<prefix>: N errors occurred:...` (Talos' fmt.Errorf("...: %w", multiErr)). */
  nestedErrors(path: string, prefix: string, messages: string[]): void {
    if (messages.length > 0) this.error(path, wrapErrorList(prefix, messages));
  }

  result(): ValidationResult {
    return { errors: this.errors, warnings: this.warnings };
  }
}

/** The v1alpha1 validation error as Talos' Validate returns it ('' when there is none). */
export function formatValidationErrors(errors: readonly ValidationIssue[]): string {
  return formatErrorList(errors.map((issue) => issue.message));
}

/**
 * The text ApplyConfiguration answers with (code InvalidArgument) when validation fails: the
 * config container wraps the v1alpha1 errors once more ("1 error occurred:\n\t* v1alpha1.Config: ..."), then lists
 * each other document's errors ("LinkConfig/eth0: ...") and their conflicts with the v1alpha1 document.
 */
export function formatApplyValidationError(errors: readonly ValidationIssue[], documentErrors: readonly ValidationIssue[] = []): string {
  const v1alpha1 = errors.length === 0 ? [] : [`v1alpha1.Config: ${formatValidationErrors(errors)}`];
  return formatErrorList([...v1alpha1, ...documentErrors.map((issue) => issue.message)]);
}
