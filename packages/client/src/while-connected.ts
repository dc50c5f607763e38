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
