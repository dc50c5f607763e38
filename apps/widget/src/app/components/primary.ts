/** The element of the dock that takes focus: the message box, or a form's first control. */
export const PRIMARY = '[data-primary]';
