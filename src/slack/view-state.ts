/**
 * Reads a view_submission's `view.state.values` (block_id -> action_id -> element state) without
 * trusting its shape: a text input's value, a select's option value, a users_select's user.
 */
export type ViewStateValues = Record<string, Record<string, unknown>>;

function element(values: unknown, blockId: string, actionId: string): Record<string, unknown> | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  const block = (values as Record<string, unknown>)[blockId];
  if (typeof block !== 'object' || block === null) return undefined;
  const state = (block as Record<string, unknown>)[actionId];
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : undefined;
}

/** The entered text, selected option value or selected user, trimmed; '' when absent. */
export function stateValue(values: unknown, blockId: string, actionId = blockId): string {
  const state = element(values, blockId, actionId);
  if (!state) return '';
  if (typeof state.value === 'string') return state.value.trim();
  if (typeof state.selected_user === 'string') return state.selected_user;
  const option = state.selected_option as { value?: unknown } | null | undefined;
  if (option && typeof option.value === 'string') return option.value;
  return '';
}
