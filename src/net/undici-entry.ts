/**
 * The only module that imports undici's code, and only what the backends call. It is most of what the extension
 * ships (about 1 MB unminified), so the bundle builds it into a file of its own (dist/undici.js) that undici.ts reads
 * the first time a backend makes a request or a dispatcher: activation never parses it. Everything else imports
 * undici's types only.
 */
export { Agent, ProxyAgent, fetch, request } from 'undici';
