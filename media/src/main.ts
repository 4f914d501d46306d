// Webview script for the Follow Run panel (built by esbuild for the browser).
export {};
