/* global process, console, fetch, URL */
// A merchant app's one call to a provider, made with the HTTP client named on the command line:
//   node --import <preload> client-app.mjs <client> <url> [json body]
// Prints {client, status, body, responseUrl} as one JSON line. Credentials come from the environment.
import http from 'node:http'
import https from 'node:https'
import { request as httpsRequest } from 'node:https'

const [client, url, body = '{}'] = process.argv.slice(2)
const headers = { 'content-type': 'application/json', 'x-api-key': process.env.TOKENPROOF_ADYEN_API_KEY ?? 'none' }

/** One call through an http/https request function, as the providers' SDKs make it. */
function viaNode(start) {
  return new Promise((resolve, reject) => {
    const req = start((res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode, body: text, responseUrl: url }))
    })
    req.on('error', reject)
    req.end(req.method === 'GET' ? undefined : body)
  })
}

async function call() {
  const target = new URL(url)
  switch (client) {
    case 'http.request':
      return viaNode((cb) => http.request(url, { method: 'POST', headers }, cb))
    case 'https.request':
      // Options object and the app's own keep-alive https.Agent, as @adyen/api-library does.
      return viaNode((cb) => httpsRequest({ hostname: target.hostname, path: `${target.pathname}${target.search}`, method: 'POST', headers, agent: new https.Agent({ keepAlive: true }) }, cb))
    case 'https.get':
      return viaNode((cb) => https.get(url, { headers }, cb))
    case 'fetch': {
      const response = await fetch(url, { method: 'POST', headers, body })
      return { status: response.status, body: await response.text(), responseUrl: response.url }
    }
    case 'axios': {
      const { default: axios } = await import('axios')
      const response = await axios.post(url, body, { headers, validateStatus: () => true, transformResponse: (r) => r })
      return { status: response.status, body: response.data, responseUrl: url }
    }
    case 'node-fetch': {
      const { default: nodeFetch } = await import('node-fetch')
      const response = await nodeFetch(url, { method: 'POST', headers, body })
      return { status: response.status, body: await response.text(), responseUrl: response.url }
    }
    default:
      throw new Error(`unknown client ${client}`)
  }
}

const result = await call()
console.log(JSON.stringify({ client, ...result }))
