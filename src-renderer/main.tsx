import './csp-styles'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './components/App'
import { holdsSecret, useDesk } from './store'
import './styles.css'

// Tests read the store through this hook in dev and e2e builds only; a production bundle has
// neither the property nor this code (the condition is replaced at build time).
if (import.meta.env.DEV || import.meta.env.MODE === 'e2e') {
  Object.defineProperty(window, '__tokendeskStore', { value: { getState: useDesk.getState, holdsSecret }, configurable: false })
}

// The first page is asked for before React's first render, so the bridge call and that render
// overlap instead of running one after the other (bench/renderer.bench.ts).
void useDesk.getState().init()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
