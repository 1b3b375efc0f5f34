/** Tiny inline SVG icons (no icon font, no remote assets). */
type P = { title?: string }
const svg = (d: string) =>
  function Icon({ title }: P) {
    return (
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined} focusable="false">
        {title ? <title>{title}</title> : null}
        <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    )
  }
export const MoreIcon = ({ title }: P) => (
  <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden={title ? undefined : true} focusable="false">
    <circle cx="8" cy="3" r="1.4" fill="currentColor" />
    <circle cx="8" cy="8" r="1.4" fill="currentColor" />
    <circle cx="8" cy="13" r="1.4" fill="currentColor" />
  </svg>
)
export const PlusIcon = svg('M8 3v10M3 8h10')
export const CloseIcon = svg('M4 4l8 8M12 4l-8 8')
export const WarnIcon = svg('M8 2l6.5 11.5h-13zM8 6.5v3.2M8 11.6v.1')
export const SortAscIcon = svg('M8 12V4M5 7l3-3 3 3')
export const SortDescIcon = svg('M8 4v8M5 9l3 3 3-3')
export const SortNoneIcon = svg('M5 6l3-3 3 3M5 10l3 3 3-3')
