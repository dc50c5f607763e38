import { useState } from 'preact/hooks';
import type { DeskError } from '../app/desk-state.js';
import type { ApiResult } from '../auth/login-api.js';

/**
 * A dialog's one action (erase a visitor, transfer a chat, start a conversation): busy while it
 * runs, its failure kept for the dialog to show, `onDone` (closing it) once it succeeded. A second
 * submit while the first runs does nothing.
 * @example const { busy, error, run } = useDialogAction(onClose); run(() => commands.eraseVisitor(visitor));
 */
export function useDialogAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | undefined>();
  const run = async (action: () => Promise<ApiResult<unknown>>): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const result = await action();
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };
  return { busy, error, run };
}
