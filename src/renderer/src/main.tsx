import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createWebBridge } from './bridge/createWebBridge'
import './styles.css'

// Electron's preload defines window.earshot; in a browser (web mode) the same API goes over fetch.
if (!('earshot' in window)) {
  Object.defineProperty(window, 'earshot', { value: createWebBridge() })
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
