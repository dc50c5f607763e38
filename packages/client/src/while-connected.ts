/**
 * Runs an acknowledged request only on a live connection, and rejects at once otherwise. Socket.IO
 * would buffer an emit made while offline and send it on reconnect, while delivery resends its
 * outbox on resume too: two copies of every write. Rejecting leaves the resend to delivery alone.
 * @example
 * send: (payload) => whileConnected(socket, () => socket.timeout(10_000).emitWithAck('message.send', payload)),
 */
export function whileConnected<T>(
  socket: { readonly connected: boolean },
  request: () => Promise<T>,
): Promise<T> {
  return socket.connected ? request() : Promise.reject(new Error('Not connected'));
}

/** The trailing callback of a Socket.IO emit with a timeout: an error, or the ack's payload. */
export type AckCallback<T> = (error: Error | null, result: T) => void;

/**
 * An acknowledged emit as a promise, only on a live connection (see `whileConnected`): rejects
 * when not connected or when no answer came in time; resolves with the server's answer.
 * @example
 * close: (sessionId) => askWhileConnected(socket, (done) => socket.timeout(10_000).emit('session.close', { sessionId }, done)),
 */
export function askWhileConnected<T>(
  socket: { readonly connected: boolean },
  emit: (done: AckCallback<T>) => void,
): Promise<T> {
  return whileConnected(
    socket,
    () =>
      new Promise<T>((resolve, reject) => emit((error, result) => (error ? reject(error) : resolve(result)))),
  );
}
