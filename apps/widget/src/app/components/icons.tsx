/** A decorative stroke icon: hidden from assistive technology; the button around it has the label. */
export function Icon({ path }: { path: string }) {
  return (
    <svg
      width={24}
      height={24}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={2}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={path} />
    </svg>
  );
}

export const ChatIcon = () => <Icon path="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z" />;

/** A clock with an arrow turning back: earlier conversations. */
export const HistoryIcon = () => <Icon path="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3" />;

export const CloseIcon = () => <Icon path="M6 6l12 12M18 6L6 18" />;

export const SendIcon = () => <Icon path="M5 12h13M12 5l7 7-7 7" />;

/** Thumbs up; the thumbs-down option shows it turned over (app.css). */
export const ThumbIcon = () => (
  <Icon path="M7 10v11M15 5.9 14 10h5.8a2 2 0 0 1 2 2.4l-1.4 7A2 2 0 0 1 18.5 21H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h2.8a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9z" />
);
