/** The short chime of a new assignment. */
export interface AlertSound {
  /** Call from a user gesture: browsers let audio start only after the person interacted. */
  unlock(): void;
  /** Plays the chime; false when the browser keeps audio muted (no interaction yet). */
  play(): boolean;
}

/** Two soft sine notes, rising: noticeable without being harsh. Made here, so no file to load. */
function chime(context: AudioContext): void {
  const start = context.currentTime;
  const gain = context.createGain();
  gain.connect(context.destination);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.18, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
  for (const [offset, frequency] of [
    [0, 880],
    [0.14, 1318.5],
  ] as const) {
    const tone = context.createOscillator();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(frequency, start + offset);
    tone.connect(gain);
    tone.start(start + offset);
    tone.stop(start + 0.45);
  }
}

/**
 * The chime over WebAudio. The audio context is made on the first `unlock` (a user gesture), as
 * browsers refuse to start one before that.
 * @example
 * const sound = createAlertSound(() => new AudioContext(), (error) => report(error));
 * document.addEventListener('pointerdown', () => sound.unlock());
 */
export function createAlertSound(
  createContext: () => AudioContext,
  /** The browser refused to resume audio (the chime stays muted until the next unlock). */
  onError: (error: unknown) => void,
): AlertSound {
  let context: AudioContext | undefined;
  return {
    unlock() {
      context ??= createContext();
      if (context.state === 'suspended') context.resume().catch(onError);
    },
    play() {
      if (context?.state !== 'running') return false;
      chime(context);
      return true;
    },
  };
}
