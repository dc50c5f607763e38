// A child process a bench starts and must not leave behind.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Spawns `command`; the child is killed if the bench exits without calling `stop`.
 * @example const redis = spawnChild('redis-server', args, { stdio: 'ignore' }); ...; await redis.stop();
 */
export function spawnChild(command, args, options) {
  const child = spawn(command, args, options);
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild); // even if the bench dies midway
  return {
    child,
    /** Ends the child with SIGTERM and waits for it to exit. */
    async stop() {
      process.off('exit', killChild);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
