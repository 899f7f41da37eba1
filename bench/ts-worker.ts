import { Worker } from 'node:worker_threads'

/**
 * Runs a TypeScript module in a worker thread with `workerData = job` and resolves with the one
 * message it posts back. Workers do not inherit tsx's loader hooks on Node 20, so tsx is registered
 * inside the worker first.
 */
export function runTsWorker<Job, Report>(moduleUrl: URL, job: Job): Promise<Report> {
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}) })`
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job })
    let report: Report | undefined
    worker.once('message', (message: Report) => {
      report = message
    })
    worker.once('error', reject)
    worker.once('exit', (code) => (report ? resolve(report) : reject(new Error(`${moduleUrl.pathname} exited with code ${code} and no report`))))
  })
}
