import { isWireError } from '@parley/protocol';
import type { DeskError, DeskTask } from './desk-state.js';

/**
 * A wire error as it is, or anything else (a timeout, a thrown error) under the given code.
 * @example toDeskError(new Error('operation has timed out'), 'timeout', 'search') // { code: 'timeout', … }
 */
export const toDeskError = (error: unknown, code: string, task?: DeskTask): DeskError => ({
  ...(isWireError(error)
    ? { code: error.code, message: error.message }
    : { code, message: error instanceof Error ? error.message : String(error) }),
  ...(task ? { task } : {}),
});
