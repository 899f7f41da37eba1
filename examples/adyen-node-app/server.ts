/**
 * Starts the app as Adyen's Node examples do: express listening on PORT (default 8080), settings
 * from the environment. `app.ts` stays as it is; this is the command a user runs, and the one
 * `tokenproof run --driver-file app.driver.json -- node --import tsx server.ts` starts.
 */
import { createApp } from './app.ts'

const port = Number(process.env.PORT ?? 8080)
createApp().listen(port, '127.0.0.1', () => {
  console.log(`adyen-node-app listening on http://127.0.0.1:${port}`)
})
