// Types of vite-plugin-pwa's virtual module (useRegisterSW).
/// <reference types="vite-plugin-pwa/react" />
