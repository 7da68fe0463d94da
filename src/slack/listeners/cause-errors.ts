/** A manager's cause is required, and "other" must say why in the note. Errors by block_id. */
export function causeErrors(cause: string, note: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!cause) errors.cause = 'Pick a cause';
  if (cause === 'other' && !note) errors.note = 'Say why in a note';
  return errors;
}
